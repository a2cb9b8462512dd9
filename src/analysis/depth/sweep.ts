/**
 * The depth sweep: ||delta^1|| (the gradient reaching the first layer) for networks of increasing
 * depth with the current settings, for one or more activations, averaged over seeds, beside the
 * theory's prediction; a least-squares line through ln ||delta^1|| against depth gives the measured
 * per-layer factor, the same fit through the theory gives the predicted one.
 *
 * A generator: each step measures one network and yields the sweep so far, so a worker can report
 * progress and notice a cancellation between networks.
 */
import { grad, l2Norm } from '../../engine';
import { resolveDepthActivation } from './activation';
import { checkDepthSettings } from './analysis';
import { fittedRate } from './fit';
import { buildDepthNetwork, forward, sigmaW } from './network';
import type { DepthSettings } from './settings';
import { depthTheory } from './theory';
import type { DepthSweep, SweepSeries } from './types';

/** Depths 1 .. maxDepth, evenly spaced (a line in ln-norm against depth is what is fitted). */
export function sweepDepths(maxDepth: number, points = 12): number[] {
  const out = new Set<number>();
  const n = Math.min(points, maxDepth);
  for (let i = 0; i < n; i++) out.add(n === 1 ? 1 : Math.round(1 + ((maxDepth - 1) * i) / (n - 1)));
  return [...out].sort((a, b) => a - b);
}

/** ||delta^1|| and ||delta^depth|| of one network (only the input-side path of the backward pass runs). */
export function endGradNorms(settings: DepthSettings): { first: number; last: number } {
  const net = buildDepthNetwork(settings, resolveDepthActivation(settings));
  const fwd = forward(net);
  const [g1, gL] = grad(fwd.loss, [fwd.pre[0], fwd.pre[fwd.pre.length - 1]], { materializeGrads: true });
  return { first: l2Norm(g1.data), last: l2Norm(gL.data) };
}

function geometricMean(values: readonly number[]): number {
  const ok = values.filter((v) => v > 0 && Number.isFinite(v));
  if (ok.length === 0) return values.some((v) => v === 0) ? 0 : NaN;
  return Math.exp(ok.reduce((s, v) => s + Math.log(v), 0) / ok.length);
}

export interface SweepProgress {
  readonly sweep: DepthSweep;
  /** Fraction of networks measured, 0..1. */
  readonly progress: number;
}

export function* depthSweepSteps(
  partial: DepthSettings, activations: readonly string[], seeds: number,
): Generator<SweepProgress, SweepProgress> {
  const base = checkDepthSettings(partial);
  const names = [...new Set(activations.length ? activations : [base.activation])];
  const depths = sweepDepths(base.depth);
  const nSeeds = Math.max(1, Math.min(8, Math.round(seeds)));
  const total = names.length * depths.length * nSeeds;
  const rows: { activation: string; measured: number[]; theory: number[]; theoryRate: number }[] =
    names.map((activation) => ({ activation, measured: depths.map(() => NaN), theory: depths.map(() => NaN), theoryRate: NaN }));
  let done = 0;
  const snapshot = (): SweepProgress => ({
    progress: done / total,
    sweep: {
      settings: base,
      seeds: nSeeds,
      series: rows.map((r): SweepSeries => ({
        activation: r.activation,
        depths,
        firstLayerGradNorm: r.measured,
        theoryFirstLayerGradNorm: r.theory,
        fittedRate: fittedRate(depths, r.measured),
        theoryRate: r.theoryRate,
      })),
    },
  });
  for (const row of rows) {
    const settingsFor = (depth: number, seed: number): DepthSettings =>
      checkDepthSettings({ ...base, activation: row.activation, depth, seed: base.seed + seed });
    // chi^l depends only on the layers below l, so one theory at the largest depth serves every depth.
    const deepest = settingsFor(depths[depths.length - 1], 0);
    const theory = depthTheory({ settings: deepest, activation: resolveDepthActivation(deepest), sigmaW: sigmaW(deepest), measured: [] });
    row.theoryRate = Math.sqrt(theory.effectiveChi);
    for (let i = 0; i < depths.length; i++) {
      const firsts: number[] = [], predicted: number[] = [];
      for (let k = 0; k < nSeeds; k++) {
        const m = endGradNorms(settingsFor(depths[i], k));
        firsts.push(m.first);
        let p = m.last;
        for (let l = 0; l < depths[i] - 1; l++) p *= Math.sqrt(theory.layers[l].chi);
        predicted.push(p);
        done++;
        if (k < nSeeds - 1) yield snapshot();
      }
      row.measured[i] = geometricMean(firsts);
      row.theory[i] = geometricMean(predicted);
      yield snapshot();
    }
  }
  return snapshot();
}
