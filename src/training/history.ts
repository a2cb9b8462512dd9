/**
 * The memory of a live run: a bounded, downsampled history of step records, and the detection of
 * gradient alerts (vanishing, exploding, NaN/Inf) on the full stream before anything is dropped.
 * Pure: the extension host and the pages run the same code on the same records, so they agree.
 */

import type {
  GradientAlert,
  HistoryPoint,
  HistorySnapshot,
  LayerRecord,
  RunSummary,
  StepRecord,
} from '../protocol';

/** Default number of retained points: enough for a smooth chart at panel width, small to post. */
export const DEFAULT_HISTORY_CAPACITY = 512;

/** Numbers that crossed JSON arrive as null when they were NaN or ±Infinity. */
export function asNumber(value: unknown): number {
  return typeof value === 'number' ? value : NaN;
}

function optionalNumber(value: unknown): number | undefined {
  return value === undefined ? undefined : asNumber(value);
}

export function pointFromRecord(record: StepRecord): HistoryPoint {
  return {
    step: asNumber(record.step),
    epoch: asNumber(record.epoch),
    loss: asNumber(record.loss),
    layerNorms: record.layers.map((l) => asNumber(l.weight_grad_norm)),
    total: asNumber(record.grad_norm_total),
    clippedTotal: asNumber(record.grad_norm_clipped),
    clipEvents: record.clipped ? 1 : 0,
    count: 1,
    trainAccuracy: optionalNumber(record.train_accuracy),
    testAccuracy: optionalNumber(record.test_accuracy),
  };
}

/** A point that crossed JSON (setState, postMessage): null back to NaN, everything typed. */
export function pointFromJson(p: HistoryPoint): HistoryPoint {
  return {
    step: asNumber(p.step),
    epoch: asNumber(p.epoch),
    loss: asNumber(p.loss),
    layerNorms: Array.isArray(p.layerNorms) ? p.layerNorms.map(asNumber) : [],
    total: asNumber(p.total),
    clippedTotal: asNumber(p.clippedTotal),
    clipEvents: asNumber(p.clipEvents) || 0,
    count: asNumber(p.count) || 1,
    trainAccuracy: optionalNumber(p.trainAccuracy ?? undefined),
    testAccuracy: optionalNumber(p.testAccuracy ?? undefined),
  };
}

/**
 * Merges two consecutive points: values of the later one (a subsample, so curves stay honest),
 * clipping events summed, and the latest known accuracy (it is measured less often than loss).
 */
export function mergePoints(earlier: HistoryPoint, later: HistoryPoint): HistoryPoint {
  return {
    ...later,
    clipEvents: earlier.clipEvents + later.clipEvents,
    count: earlier.count + later.count,
    trainAccuracy: later.trainAccuracy ?? earlier.trainAccuracy,
    testAccuracy: later.testAccuracy ?? earlier.testAccuracy,
  };
}

/**
 * Keeps at most `capacity` points. Each point covers `stride` records; when the points overflow,
 * neighbours merge pairwise and the stride doubles, so memory stays bounded on any run length and
 * the newest record is always the last point.
 */
export class BoundedHistory {
  private points: HistoryPoint[] = [];
  private stride = 1;

  constructor(readonly capacity = DEFAULT_HISTORY_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 2 || capacity % 2 !== 0) {
      throw new Error(`History capacity must be an even integer >= 2, got ${capacity}`);
    }
  }

  static fromSnapshot(snapshot: HistorySnapshot): BoundedHistory {
    const h = new BoundedHistory(snapshot.capacity);
    h.stride = snapshot.stride;
    h.points = snapshot.points.slice(-snapshot.capacity).map(pointFromJson);
    return h;
  }

  append(record: StepRecord): void {
    const point = pointFromRecord(record);
    const last = this.points[this.points.length - 1];
    if (last && last.count < this.stride) {
      this.points[this.points.length - 1] = mergePoints(last, point);
    } else {
      this.points.push(point);
    }
    if (this.points.length > this.capacity) this.compact();
  }

  private compact(): void {
    const merged: HistoryPoint[] = [];
    for (let i = 0; i < this.points.length; i += 2) {
      const next = this.points[i + 1];
      merged.push(next ? mergePoints(this.points[i]!, next) : this.points[i]!);
    }
    this.points = merged;
    this.stride *= 2;
  }

  get length(): number {
    return this.points.length;
  }

  get latest(): HistoryPoint | undefined {
    return this.points[this.points.length - 1];
  }

  all(): readonly HistoryPoint[] {
    return this.points;
  }

  snapshot(): HistorySnapshot {
    return { capacity: this.capacity, stride: this.stride, points: this.points.slice() };
  }
}

export interface AlertThresholds {
  /** A hidden layer's gradient norm under this raises a vanishing alert. */
  readonly vanishingThreshold: number;
  /** Growth by this factor (over steps, or from the output layer down to a layer) raises an exploding alert. */
  readonly explodingFactor: number;
}

export const DEFAULT_THRESHOLDS: AlertThresholds = { vanishingThreshold: 1e-7, explodingFactor: 1000 };

const isNonFinite = (x: number) => !Number.isFinite(x);

/**
 * Watches every record of one run and reports each kind of alert once, at the first step where it
 * holds, naming the layer:
 * - nonFinite: the loss or a gradient norm is NaN or ±Infinity (first layer affected, else 'loss');
 * - vanishing: a hidden layer's norm is under the threshold while the output layer's is not (the
 *   signal reaches the top but not the bottom; all norms tiny means convergence, not vanishing);
 *   the lowest such layer is named; never at or after a nonFinite alert;
 * - exploding: a layer's norm grew by the factor since its first recorded value, or a layer's norm
 *   is the factor larger than the output layer's at the same step.
 */
export class AlertDetector {
  private readonly raised = new Set<GradientAlert['kind']>();
  private baselines: number[] = [];

  constructor(private readonly thresholds: AlertThresholds = DEFAULT_THRESHOLDS) {}

  observe(record: StepRecord): GradientAlert[] {
    const step = asNumber(record.step);
    const layers = record.layers;
    const norms = layers.map((l) => asNumber(l.weight_grad_norm));
    const found: GradientAlert[] = [];
    const raise = (alert: GradientAlert) => {
      if (this.raised.has(alert.kind)) return;
      this.raised.add(alert.kind);
      found.push(alert);
    };

    const broken = layers.findIndex((l) => isNonFinite(asNumber(l.weight_grad_norm)) || isNonFinite(asNumber(l.grad_norm)));
    if (broken >= 0) {
      const l = layers[broken]!;
      const value = isNonFinite(norms[broken]!) ? norms[broken]! : asNumber(l.grad_norm);
      raise({ kind: 'nonFinite', step, layer: l.name, layerIndex: asNumber(l.index), value, reference: 0 });
    } else if (isNonFinite(asNumber(record.loss)) || isNonFinite(asNumber(record.grad_norm_total))) {
      raise({ kind: 'nonFinite', step, layer: 'loss', layerIndex: 0, value: asNumber(record.loss), reference: 0 });
    }

    // Once values overflowed, a norm of 0 is the wreck of NaN arithmetic, not a gradient that faded:
    // a diverged run never also reports vanishing gradients.
    const diverged = this.raised.has('nonFinite');
    const output = norms[norms.length - 1];
    if (!diverged && layers.length >= 2 && output !== undefined && output >= this.thresholds.vanishingThreshold) {
      const low = norms.findIndex((n, i) => i < norms.length - 1 && n < this.thresholds.vanishingThreshold);
      if (low >= 0) {
        raise(this.alertFor('vanishing', step, layers[low]!, norms[low]!, this.thresholds.vanishingThreshold));
      }
    }

    this.observeExploding(step, layers, norms, raise);
    return found;
  }

  private observeExploding(
    step: number,
    layers: readonly LayerRecord[],
    norms: readonly number[],
    raise: (a: GradientAlert) => void,
  ): void {
    const factor = this.thresholds.explodingFactor;
    for (let i = 0; i < norms.length; i++) {
      const n = norms[i]!;
      if (!Number.isFinite(n)) continue;
      const base = this.baselines[i];
      if (base === undefined) {
        if (n > 0) this.baselines[i] = n;
      } else if (n / base >= factor) {
        raise({ ...this.alertFor('exploding', step, layers[i]!, n, n / base), basis: 'steps' });
        return;
      }
    }
    const output = norms[norms.length - 1];
    if (norms.length >= 2 && output !== undefined && output > 0 && Number.isFinite(output)) {
      const i = norms.findIndex((n, k) => k < norms.length - 1 && Number.isFinite(n) && n / output >= factor);
      if (i >= 0) raise({ ...this.alertFor('exploding', step, layers[i]!, norms[i]!, norms[i]! / output), basis: 'depth' });
    }
  }

  private alertFor(kind: GradientAlert['kind'], step: number, layer: LayerRecord, value: number, reference: number): GradientAlert {
    return { kind, step, layer: layer.name, layerIndex: asNumber(layer.index), value, reference };
  }

  /** A run the trainer stopped as diverged, when the records themselves never showed a non-finite value. */
  observeSummary(summary: RunSummary): GradientAlert[] {
    if (summary.status !== 'diverged' || this.raised.has('nonFinite')) return [];
    this.raised.add('nonFinite');
    const at = summary.diverged_at;
    return [{ kind: 'nonFinite', step: at?.step ?? summary.steps, layer: at?.layer ?? 'loss', layerIndex: 0, value: NaN, reference: 0 }];
  }
}

/** A metric for a status line: 4 significant digits, an exponent for very small or large values. */
export function formatMetric(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e5 ? String(Number(x.toPrecision(4))) : x.toExponential(2);
}
