/**
 * One depth analysis: build the network for the settings, run a real forward and backward pass of
 * the engine on the seeded batch, measure every layer, lay the theory over it, and show what the
 * chosen clipping would do. The panel's worker, the CLI and the tests all call this one function.
 */
import { getInitializer } from '../engine';
import { resolveDepthActivation } from './depthActivation';
import { analyzeClipping } from './depthClipping';
import { measure } from './depthMeasure';
import { backward, buildDepthNetwork, forward, networkParameters, sigmaW } from './depthNetwork';
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

export function analyzeDepth(partial: Partial<DepthSettings>): DepthAnalysis {
  const settings = checkDepthSettings(partial);
  const activation = resolveDepthActivation(settings);
  const net = buildDepthNetwork(settings, activation);
  const params = networkParameters(net);
  const fwd = forward(net);
  const bwd = backward(net, fwd);
  const m = measure(net, fwd, bwd, params);
  const theory = depthTheory({ settings, activation, sigmaW: sigmaW(settings), measured: m.layers.map((l) => l.gradNorm) });
  return {
    settings,
    loss: fwd.loss.item(),
    layers: m.layers,
    readoutWeightGradNorm: m.readoutWeightGradNorm,
    forward: m.forward,
    theory,
    clipping: analyzeClipping(net, params, bwd.dParams),
    overflow: m.overflow,
  };
}
