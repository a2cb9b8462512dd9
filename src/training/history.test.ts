import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { StepRecord } from '../protocol';
import { stepRecord } from './testing/records';
import { AlertDetector, BoundedHistory, asNumber, formatMetric } from './history';

const record = stepRecord;

describe('BoundedHistory', () => {
  it('keeps every record while under capacity', () => {
    const h = new BoundedHistory(8);
    for (let s = 1; s <= 8; s++) h.append(record(s, [s]));
    assert.deepEqual(h.all().map((p) => p.step), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.equal(h.snapshot().stride, 1);
  });

  it('halves by merging neighbours when it overflows, keeping the later values', () => {
    const h = new BoundedHistory(4);
    for (let s = 1; s <= 5; s++) h.append(record(s, [s * 10]));
    assert.deepEqual(h.all().map((p) => p.step), [2, 4, 5]);
    assert.deepEqual(h.all().map((p) => p.layerNorms[0]), [20, 40, 50]);
    assert.deepEqual(h.all().map((p) => p.count), [2, 2, 1]);
    h.append(record(6, [60]));
    // the partial last bucket fills up before a new point starts
    assert.deepEqual(h.all().map((p) => p.step), [2, 4, 6]);
    assert.equal(h.snapshot().stride, 2);
  });

  it('stays bounded, covers every record and ends at the newest one on long runs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.constantFrom(2, 4, 16, 64), (n, capacity) => {
        const h = new BoundedHistory(capacity);
        for (let s = 1; s <= n; s++) h.append(record(s, [1]));
        assert.ok(h.length <= capacity);
        assert.equal(h.latest?.step, n);
        assert.equal(h.all().reduce((sum, p) => sum + p.count, 0), n);
        const steps = h.all().map((p) => p.step);
        assert.deepEqual(steps, [...steps].sort((a, b) => a - b));
      }),
      { numRuns: 60 },
    );
  });

  it('sums clipping events and keeps the latest accuracy when merging', () => {
    const h = new BoundedHistory(2);
    h.append(record(1, [1], { clipped: true, test_accuracy: 0.5 }));
    h.append(record(2, [1], { clipped: true }));
    h.append(record(3, [1], { clipped: false }));
    const first = h.all()[0]!;
    assert.equal(first.clipEvents, 2);
    assert.equal(first.testAccuracy, 0.5);
    assert.equal(first.step, 2);
  });

  it('round-trips through a JSON snapshot and continues exactly like the original', () => {
    const a = new BoundedHistory(8);
    for (let s = 1; s <= 21; s++) a.append(record(s, [s]));
    const b = BoundedHistory.fromSnapshot(JSON.parse(JSON.stringify(a.snapshot())));
    for (let s = 22; s <= 40; s++) {
      a.append(record(s, [s]));
      b.append(record(s, [s]));
    }
    assert.deepEqual(b.snapshot(), a.snapshot());
  });

  it('reads NaN that crossed JSON as null back as NaN', () => {
    const h = new BoundedHistory(4);
    h.append(JSON.parse(JSON.stringify(record(1, [NaN], { loss: Infinity }))) as StepRecord);
    assert.ok(Number.isNaN(h.latest!.loss));
    assert.ok(Number.isNaN(h.latest!.layerNorms[0]!));
    assert.ok(Number.isNaN(asNumber(null)));
  });

  it('rejects a capacity that cannot be halved', () => {
    assert.throws(() => new BoundedHistory(3), /even integer/);
  });
});

describe('AlertDetector', () => {
  const thresholds = { vanishingThreshold: 1e-6, explodingFactor: 1000 };

  it('raises nothing on healthy gradients', () => {
    const d = new AlertDetector(thresholds);
    for (let s = 1; s <= 50; s++) assert.deepEqual(d.observe(record(s, [0.5, 0.4, 0.3])), []);
  });

  it('names the first layer under the threshold and the step, once', () => {
    const d = new AlertDetector(thresholds);
    assert.deepEqual(d.observe(record(1, [1e-3, 1e-2, 1e-1])), []);
    const alerts = d.observe(record(2, [1e-8, 1e-7, 1e-1]));
    assert.equal(alerts.length, 1);
    assert.deepEqual(
      { kind: alerts[0]!.kind, step: alerts[0]!.step, layer: alerts[0]!.layer, reference: alerts[0]!.reference },
      { kind: 'vanishing', step: 2, layer: 'linear1', reference: 1e-6 },
    );
    assert.deepEqual(d.observe(record(3, [1e-9, 1e-9, 1e-1])), []);
  });

  it('does not call convergence (every norm tiny) vanishing', () => {
    const d = new AlertDetector(thresholds);
    assert.deepEqual(d.observe(record(1, [1e-9, 1e-9, 1e-9])), []);
  });

  it('detects a norm growing by the factor over steps', () => {
    const d = new AlertDetector(thresholds);
    d.observe(record(1, [1, 1, 1]));
    assert.deepEqual(d.observe(record(2, [999, 1, 1])), []);
    const [alert] = d.observe(record(3, [2000, 1, 1]));
    assert.equal(alert?.kind, 'exploding');
    assert.equal(alert?.basis, 'steps');
    assert.equal(alert?.layer, 'linear1');
    assert.equal(alert?.step, 3);
    assert.equal(alert?.reference, 2000);
  });

  it('detects gradients the factor larger at the bottom than at the output', () => {
    const d = new AlertDetector(thresholds);
    const [alert] = d.observe(record(1, [5e3, 50, 1]));
    assert.equal(alert?.kind, 'exploding');
    assert.equal(alert?.basis, 'depth');
    assert.equal(alert?.layerIndex, 1);
  });

  it('a run that overflowed does not also report vanishing (a 0 norm beside NaN is not a faded gradient)', () => {
    const d = new AlertDetector(thresholds);
    d.observe(record(1, [1, 10, 100]));
    const kinds = d.observe(record(5, [0, NaN, 1e226])).map((a) => a.kind);
    assert.ok(kinds.includes('nonFinite') && !kinds.includes('vanishing'), kinds.join());
    assert.deepEqual(d.observe(record(6, [0, 1, 100])).filter((a) => a.kind === 'vanishing'), []);
  });

  it('names the first non-finite layer, or the loss', () => {
    const d = new AlertDetector(thresholds);
    const [alert] = d.observe(record(7, [1, Infinity, NaN]));
    assert.equal(alert?.kind, 'nonFinite');
    assert.equal(alert?.layer, 'linear2');
    assert.equal(alert?.step, 7);
    const e = new AlertDetector(thresholds);
    const [lossAlert] = e.observe(record(3, [1, 1], { loss: NaN }));
    assert.equal(lossAlert?.layer, 'loss');
  });

  it('turns a diverged summary into an alert only when no record showed it', () => {
    const summary = { final_loss: NaN, train_accuracy: 0, test_accuracy: 0, seconds: 1, steps: 9, status: 'diverged' as const, diverged_at: { step: 9, layer: 'linear3' } };
    const d = new AlertDetector(thresholds);
    assert.deepEqual(d.observeSummary(summary).map((a) => [a.kind, a.step, a.layer]), [['nonFinite', 9, 'linear3']]);
    const e = new AlertDetector(thresholds);
    e.observe(record(9, [NaN]));
    assert.deepEqual(e.observeSummary(summary), []);
  });
});

describe('formatMetric', () => {
  it('prints 4 significant digits, exponents at the extremes, and names non-finite values', () => {
    assert.equal(formatMetric(0.123456), '0.1235');
    assert.equal(formatMetric(2.5e-7), '2.50e-7');
    assert.equal(formatMetric(123456), '1.23e+5');
    assert.equal(formatMetric(0), '0');
    assert.equal(formatMetric(NaN), 'NaN');
    assert.equal(formatMetric(-Infinity), '−∞');
  });
});
