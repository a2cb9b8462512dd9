/**
 * What clipping would do to the measured gradients: the engine's clipGradients_ (PyTorch's
 * clip_grad_value_ / clip_grad_norm_ semantics) applied to a copy of every parameter's gradient,
 * with each layer's weight-gradient norm before and after.
 */
import { clipGradients_, l2Norm, type ClipSpec, type Tensor } from '../../engine';
import type { DepthSettings } from './settings';
import type { DepthNetwork } from './network';
import type { ClippingAnalysis } from './types';

export function clipSpec(settings: Pick<DepthSettings, 'clip' | 'clipValue' | 'clipNorm'>): ClipSpec {
  switch (settings.clip) {
    case 'none': return { kind: 'none' };
    case 'value': return { kind: 'value', clipValue: settings.clipValue };
    case 'norm': return { kind: 'norm', maxNorm: settings.clipNorm };
  }
}

/** The hidden layers' weights, then the readout's: the points of the clipping chart. */
function weightTensors(net: DepthNetwork): Tensor[] {
  return [...net.hidden.map((l) => l.weight), net.readout.weight];
}

export function analyzeClipping(
  net: DepthNetwork, params: readonly Tensor[], dParams: readonly Tensor[],
): ClippingAnalysis | null {
  const s = net.settings;
  if (s.clip === 'none') return null;
  const holders = dParams.map((g) => ({ grad: { data: Float64Array.from(g.data) } }));
  const position = new Map(params.map((p, i) => [p, i]));
  const weights = weightTensors(net).map((w) => position.get(w)!);
  const before = weights.map((i) => l2Norm(dParams[i].data));
  const report = clipGradients_(holders, clipSpec(s));
  return {
    mode: s.clip,
    threshold: s.clip === 'value' ? s.clipValue : s.clipNorm,
    totalNormBefore: report.normBefore,
    totalNormAfter: report.normAfter,
    coefficient: report.clipCoef,
    fractionClipped: report.fractionClipped,
    angle: report.angle,
    layers: weights.map((i, k) => ({ index: k + 1, before: before[k], after: l2Norm(holders[i].grad.data) })),
  };
}
