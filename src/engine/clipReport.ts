/**
 * One entry point for "clip these gradients and tell me what happened", used by the trainer, the
 * depth explorer and the CLI: applies a clipping rule and reports the norms before and after, the
 * coefficient, the fraction of coordinates changed and the angle the gradient turned through.
 */
import {
  clipGradNorm_, clipGradNormPerTensor_, clipGradValue_, gradientAngle, snapshotGrads, totalGradNorm,
  type HasGrad, type NormType,
} from './clip';

export type ClipSpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'value'; readonly clipValue: number }
  | { readonly kind: 'norm'; readonly maxNorm: number; readonly normType?: NormType; readonly errorIfNonfinite?: boolean }
  | { readonly kind: 'per_tensor_norm'; readonly clipNorm: number };

export interface ClipReport {
  readonly kind: ClipSpec['kind'];
  /** Global 2-norm of all gradients before and after clipping. */
  readonly normBefore: number;
  readonly normAfter: number;
  /** Global norm clipping: the norm in the spec's order (what torch returns); else the 2-norm. */
  readonly totalNorm: number;
  /** Global norm clipping: the coefficient applied; per-tensor: the smallest one; else null. */
  readonly clipCoef: number | null;
  /** Fraction of gradient coordinates the clipping changed. */
  readonly fractionClipped: number;
  /** Angle in radians between the gradient before and after (0 for pure rescaling). */
  readonly angle: number;
  /** True when clipping changed anything. */
  readonly active: boolean;
}

function changedFraction(before: Float64Array[], after: Float64Array[]): number {
  let changed = 0, total = 0;
  for (let t = 0; t < before.length; t++) {
    total += before[t].length;
    for (let i = 0; i < before[t].length; i++) if (!Object.is(before[t][i], after[t][i])) changed++;
  }
  return total === 0 ? 0 : changed / total;
}

/** Clips `params`' gradients in place according to `spec` and reports the effect. */
export function clipGradients_(params: readonly HasGrad[], spec: ClipSpec): ClipReport {
  const before = snapshotGrads(params);
  const normBefore = totalGradNorm(params, 2);
  let totalNorm = normBefore;
  let clipCoef: number | null = null;
  switch (spec.kind) {
    case 'none':
      break;
    case 'value':
      clipGradValue_(params, spec.clipValue);
      break;
    case 'norm': {
      const r = clipGradNorm_(params, spec.maxNorm, spec.normType ?? 2, { errorIfNonfinite: spec.errorIfNonfinite });
      totalNorm = r.totalNorm;
      clipCoef = r.clipCoef;
      break;
    }
    case 'per_tensor_norm': {
      const r = clipGradNormPerTensor_(params, spec.clipNorm);
      clipCoef = r.coefs.length === 0 ? 1 : Math.min(...r.coefs);
      break;
    }
    default: {
      const unreachable: never = spec;
      throw new Error(`unknown clip spec ${JSON.stringify(unreachable)}`);
    }
  }
  const after = snapshotGrads(params);
  const fractionClipped = changedFraction(before, after);
  return {
    kind: spec.kind,
    normBefore,
    normAfter: totalGradNorm(params, 2),
    totalNorm,
    clipCoef,
    fractionClipped,
    angle: gradientAngle(before, after),
    active: fractionClipped > 0,
  };
}
