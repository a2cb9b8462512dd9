/**
 * One depth analysis: build the network for the settings, run a real forward and backward pass of
 * the engine on the seeded batch, measure every layer, lay the theory over it, and show what the
 * chosen clipping would do. The panel's worker, the CLI and the tests all call this one function.
 */
import { getInitializer, type Tensor } from '../engine';
import { resolveDepthActivation } from './depthActivation';
import { analyzeClipping } from './depthClipping';
import { measure } from './depthMeasure';
import { backward, buildDepthNetwork, forward, networkParameters, sigmaW, type DepthNetwork } from './depthNetwork';
import { assertNoProblems, DepthInputError, normalizeDepthSettings, type DepthSettings } from './depthSettings';
import { depthTheory } from './depthTheory';
import type { DepthAnalysis } from './depthTypes';

/** Checks and canonicalizes settings (initializer aliases become their torch names). */
export function checkDepthSettings(partial: Partial<DepthSettings>): DepthSettings {
  const { settings, problems } = normalizeDepthSettings(partial);
  assertNoProblems(problems);
  const init = (() => {
    try {
      return getInitializer(settings.init).name;
    } catch (e) {
      throw new DepthInputError(e instanceof Error ? e.message : String(e), 'init');
    }
  })();
  resolveDepthActivation(settings); // throws DepthInputError for unknown names and bad expressions
  return { ...settings, init };
}

/**
 * The last network's gradients, for when only the clipping changes (dragging M or max_norm): clipping
 * works on gradients that do not depend on it, so they are reused instead of recomputed. Kept only
 * for networks whose weights are small enough to hold on to.
 */
let lastGradients: {
  key: string;
  net: DepthNetwork;
  params: Tensor[];
  dParams: readonly Tensor[];
  analysis: Omit<DepthAnalysis, 'settings' | 'clipping'>;
} | null = null;
const MAX_KEPT_WEIGHTS = 2_000_000;

const withoutClipping = (s: DepthSettings) => JSON.stringify({ ...s, clip: 'none', clipValue: 0, clipNorm: 0 });

export function analyzeDepth(partial: Partial<DepthSettings>): DepthAnalysis {
  const settings = checkDepthSettings(partial);
  const key = withoutClipping(settings);
  if (lastGradients?.key === key) {
    const { net, params, dParams, analysis } = lastGradients;
    return { ...analysis, settings, clipping: analyzeClipping({ ...net, settings }, params, dParams) };
  }
  const activation = resolveDepthActivation(settings);
  const net = buildDepthNetwork(settings, activation);
  const params = networkParameters(net);
  const fwd = forward(net);
  const bwd = backward(net, fwd);
  const m = measure(net, fwd, bwd, params);
  const theory = depthTheory({ settings, activation, sigmaW: sigmaW(settings), measured: m.layers.map((l) => l.gradNorm) });
  const analysis = {
    loss: fwd.loss.item(),
    layers: m.layers,
    readoutWeightGradNorm: m.readoutWeightGradNorm,
    forward: m.forward,
    theory,
    overflow: m.overflow,
  };
  const weights = settings.depth * settings.width * settings.width;
  lastGradients = weights <= MAX_KEPT_WEIGHTS ? { key, net, params, dParams: bwd.dParams, analysis } : null;
  return { ...analysis, settings, clipping: analyzeClipping(net, params, bwd.dParams) };
}
