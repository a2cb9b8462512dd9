import { strict as assert } from 'node:assert';
import { DEFAULT_DEPTH_SETTINGS, normalizeDepthSettings, normalizeTrainingSettings } from './settings';
import { checkDepthSettings, analyzeDepth } from './analysis';
import { DepthInputError } from './settings';
import { toDepthCsv, toDepthJson, toDepthReport } from './report';
import { initOptions, sigmaW } from './network';

describe('depth settings', () => {
  it('accepts the defaults and merges a patch over them', () => {
    assert.deepEqual(normalizeDepthSettings({}).problems, []);
    const { settings } = normalizeDepthSettings({ depth: 7, activation: 'relu', gain: undefined });
    assert.equal(settings.depth, 7);
    assert.equal(settings.gain, DEFAULT_DEPTH_SETTINGS.gain, 'undefined keeps the base value');
  });

  it('refuses values outside the panel limits, with the setting named', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ depth: 0 }, 'depth'], [{ depth: 201 }, 'depth'], [{ depth: 2.5 }, 'depth'], [{ width: 1 }, 'width'],
      [{ width: 257 }, 'width'], [{ gain: -1 }, 'gain'], [{ batchSize: 0 }, 'batchSize'], [{ seed: -1 }, 'seed'],
      [{ input: 'cauchy' }, 'input'], [{ clip: 'maybe' }, 'clip'], [{ batchNorm: 'yes' }, 'batchNorm'],
      [{ gain: NaN }, 'gain'], [{ batchNorm: true, batchSize: 1 }, 'batchSize'],
    ];
    for (const [patch, key] of cases) {
      const { problems } = normalizeDepthSettings(patch as never);
      assert.ok(problems.some((p) => p.key === key), `${JSON.stringify(patch)} should be refused for ${key}`);
    }
    assert.ok(normalizeTrainingSettings({ steps: 0 }).problems.length > 0);
    assert.ok(normalizeTrainingSettings({ learningRate: 0 }).problems.length > 0);
  });

  it('canonicalizes initializer aliases to torch names and refuses unknown names', () => {
    assert.equal(checkDepthSettings({ init: 'xavier' }).init, 'xavier_normal');
    assert.equal(checkDepthSettings({ init: 'he' }).init, 'kaiming_normal');
    assert.throws(() => checkDepthSettings({ init: 'magic' }), (e: unknown) => e instanceof DepthInputError && e.field === 'init');
    assert.throws(() => checkDepthSettings({ activation: 'nope' }), (e: unknown) => e instanceof DepthInputError && e.field === 'activation');
    assert.throws(() => checkDepthSettings({ activation: 'softmax' }), (e: unknown) => e instanceof DepthInputError);
  });

  it('sigma_w follows torch.nn.init, times the gain', () => {
    assert.ok(Math.abs(sigmaW({ init: 'kaiming_normal', gain: 1, weightStd: 0, width: 64 }) - Math.SQRT2) < 1e-12);
    assert.ok(Math.abs(sigmaW({ init: 'xavier_normal', gain: 2, weightStd: 0, width: 64 }) - 2) < 1e-12);
    assert.ok(Math.abs(sigmaW({ init: 'normal', gain: 3, weightStd: 0.1, width: 100 }) - 3) < 1e-12);
    assert.deepEqual(initOptions({ init: 'normal', gain: 2, weightStd: 0.5 }), { std: 0.5, gain: 2 });
  });
});

describe('depth analysis', () => {
  const small = { depth: 6, width: 16, batchSize: 8, seed: 5 } as const;

  it('is deterministic: the same settings give the same numbers, a new seed new ones', () => {
    const a = analyzeDepth(small), b = analyzeDepth(small), c = analyzeDepth({ ...small, seed: 6 });
    assert.deepEqual(toDepthReport(a), toDepthReport(b));
    assert.notDeepEqual(toDepthReport(a).layers, toDepthReport(c).layers);
  });

  it('reusing the previous network when only the depth changes gives exactly a fresh analysis', () => {
    for (const extra of [{}, { batchNorm: true }, { residual: true, activation: 'relu' }]) {
      for (const [from, to] of [[10, 6], [6, 14], [9, 1]]) {
        const reused = (analyzeDepth({ ...small, ...extra, depth: from }), analyzeDepth({ ...small, ...extra, depth: to }));
        const fresh = (analyzeDepth({ ...small, seed: 77 }), analyzeDepth({ ...small, ...extra, depth: to }));
        assert.deepEqual(reused, fresh, `${JSON.stringify(extra)} ${from} -> ${to}`);
      }
    }
  });

  it('keeps the shallower layers when the depth changes (each layer has its own random stream)', () => {
    const a = analyzeDepth({ ...small, depth: 6 }), b = analyzeDepth({ ...small, depth: 9 });
    for (let l = 0; l < 6; l++) assert.equal(a.layers[l].weightScale, b.layers[l].weightScale);
    assert.deepEqual(a.forward.map((f) => f.std), b.forward.slice(0, 6).map((f) => f.std));
  });

  it('splits every ratio exactly into the activation part and the weight part', () => {
    for (const extra of [{}, { batchNorm: true }, { residual: true }]) {
      const a = analyzeDepth({ ...small, ...extra });
      for (let l = 0; l + 1 < a.layers.length; l++) {
        const m = a.layers[l];
        const ratio = m.gradNorm / a.layers[l + 1].gradNorm;
        assert.ok(Math.abs(m.activationFactor * m.weightFactor - ratio) <= 1e-12 * ratio, `layer ${l + 1} ${JSON.stringify(extra)}`);
      }
    }
  });

  it("reads mean |phi'| off the backward pass correctly (ReLU: the fraction of positive pre-activations)", () => {
    const a = analyzeDepth({ ...small, activation: 'relu', init: 'he' });
    for (const [i, m] of a.layers.entries()) {
      const f = a.forward[i];
      assert.ok(Math.abs(m.meanAbsDphi - (1 - f.saturatedFraction)) < 1e-12, `layer ${i + 1}: ${m.meanAbsDphi} vs ${1 - f.saturatedFraction}`);
    }
  });

  it('exports JSON with the report and every measurement, without NaN or Infinity', () => {
    const text = toDepthJson(analyzeDepth({ ...small, activation: 'identity', init: 'normal', weightStd: 5, depth: 200, width: 64 }));
    const parsed = JSON.parse(text);
    assert.equal(parsed.layers.length, 200);
    assert.equal(parsed.measurements.length, 200);
    assert.equal(parsed.forward.length, 200);
    assert.ok(!('histogram' in parsed.forward[0]));
    assert.ok(parsed.overflow.forward_layer > 100);
    assert.ok(!/NaN|Infinity/.test(text));
  });

  it('writes one CSV row per layer under a header', () => {
    const csv = toDepthCsv(analyzeDepth(small)).trim().split('\n');
    assert.equal(csv.length, 7);
    assert.ok(csv[0].startsWith('index,grad_norm,weight_grad_norm'));
    assert.equal(csv[1].split(',').length, csv[0].split(',').length);
  });
});
