/**
 * One depth analysis: build the network for the settings, run a real forward and backward pass of
 * the engine on the seeded batch, measure every layer, lay the theory over it, and show what the
 * chosen clipping would do. The panel's worker, the CLI and the tests all call this one function.
 */
import { getInitializer, releaseDropped, type Tensor } from '../../engine';
import { resolveDepthActivation } from './activation';
import { analyzeClipping } from './clipping';
import { measure, type ForwardMoments } from './measure';
import {
  backward, buildDepthNetwork, forward, networkParameters, resizeDepth, sigmaW, type DepthNetwork, type ForwardTrace,
} from './network';
import { assertNoProblems, DepthInputError, normalizeDepthSettings, type DepthSettings } from './settings';
import { depthTheory } from './theory';
import type { DepthAnalysis } from './types';

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
 * What the last analysis can lend the next one while a slider moves (each reused value is exactly what
 * a fresh computation gives):
 * - when only the clipping changed (dragging M or max_norm), its gradients: clipping does not change them;
 * - when only the depth changed, its network, forward pass and forward statistics up to the shallower
 *   depth (resizeDepth).
 * Kept only for networks small enough to hold on to.
 */
let last: {
  settings: DepthSettings;
  net: DepthNetwork;
  fwd: ForwardTrace;
  params: Tensor[];
  dParams: readonly Tensor[];
  forwardMoments: readonly ForwardMoments[];
  analysis: Omit<DepthAnalysis, 'settings' | 'clipping'>;
} | null = null;
/** depth × width × (width + batch): about the doubles the kept weights and forward pass hold. */
const MAX_KEPT_VALUES = 4_000_000;

const sameExcept = (a: DepthSettings, b: DepthSettings, ...keys: (keyof DepthSettings)[]) =>
  (Object.keys(a) as (keyof DepthSettings)[]).every((k) => keys.includes(k) || a[k] === b[k]);

/** The tensors an analysis keeps for the next one. */
function keptTensors(kept: NonNullable<typeof last>): Tensor[] {
  return [...kept.fwd.pre, ...kept.fwd.out, ...kept.params, ...kept.dParams];
}

export function analyzeDepth(partial: Partial<DepthSettings>): DepthAnalysis {
  const settings = checkDepthSettings(partial);
  if (last && sameExcept(settings, last.settings, 'clip', 'clipValue', 'clipNorm')) {
    const { net, params, dParams, analysis } = last;
    return { ...analysis, settings, clipping: analyzeClipping({ ...net, settings }, params, dParams) };
  }
  const activation = resolveDepthActivation(settings);
  const reuse = last && sameExcept(settings, last.settings, 'depth', 'clip', 'clipValue', 'clipNorm');
  const { net, fwd } = reuse
    ? resizeDepth(last!.net, last!.fwd, settings)
    : (() => {
      const built = buildDepthNetwork(settings, activation);
      return { net: built, fwd: forward(built) };
    })();
  const params = networkParameters(net);
  const bwd = backward(net, fwd);
  const kept = reuse ? last!.forwardMoments.slice(0, Math.min(settings.depth, last!.settings.depth)) : [];
  const m = measure(net, fwd, bwd, params, kept);
  const theory = depthTheory({ settings, activation, sigmaW: sigmaW(settings), measured: m.layers.map((l) => l.gradNorm) });
  const analysis = {
    loss: fwd.loss.item(),
    layers: m.layers,
    readoutWeightGradNorm: m.readoutWeightGradNorm,
    forward: m.forward,
    theory,
    overflow: m.overflow,
  };
  const size = settings.depth * settings.width * (settings.width + settings.batchSize);
  const previous = last;
  last = size <= MAX_KEPT_VALUES ? { settings, net, fwd, params, dParams: bwd.dParams, forwardMoments: m.forwardMoments, analysis } : null;
  const clipping = analyzeClipping(net, params, bwd.dParams);
  // The per-layer gradients were only measured, and the previous pass is replaced (a depth step keeps its layers).
  releaseDropped([...bwd.dPre, ...bwd.dOut, bwd.dY, ...(previous === null ? [] : keptTensors(previous))], last === null ? [] : keptTensors(last));
  return { ...analysis, settings, clipping };
}
