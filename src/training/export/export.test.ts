import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { checkConfig, type TrainingConfig } from '../config';
import { buildDataset, denseSplit, byteImageSplit, type Dataset } from '../datasets';
import { buildModel, Trainer } from '../trainer';
import { decodeState, encodeState, exportPytorchScript, generatePytorchScript, stateTensors, expressionToTorch } from './index';

/**
 * torch.test.ts runs every example's script under real PyTorch; these checks need only Python. What is checked:
 * it is valid Python; the state file round-trips; a run started from the state file's weights and
 * data reproduces our first step exactly; and the script's own state reader plus an independent
 * numpy computation (firstStep.check.py, with numpy standing in for torch) give our first-step
 * gradient norms.
 */
const ROOT = join(__dirname, '..', '..', '..');
const EXAMPLES = join(ROOT, 'examples');
const PACKED = join(ROOT, 'media', 'data', 'mnist-10k.bin.gz');

function python(args: string[], input?: string) {
  return spawnSync('python3', args, { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
}
const hasPython = python(['-c', 'pass']).status === 0;
const hasNumpy = hasPython && python(['-c', 'import numpy']).status === 0;

function example(name: string): TrainingConfig {
  return checkConfig(readFileSync(join(EXAMPLES, `${name}.gradlab.json`), 'utf8')).config!;
}

function data(c: TrainingConfig): Dataset {
  return buildDataset(c.data, c.seed, c.data.kind === 'mnist' ? { packedMnist: gunzipSync(readFileSync(PACKED)) } : {});
}

function initialOf(c: TrainingConfig) {
  const model = buildModel(c);
  return { weights: model.layers.map((l) => l.weight.data), biases: model.layers.map((l) => l.bias!.data) };
}

function exportWithState(name: string, dir: string) {
  const c = example(name);
  const d = data(c);
  const script = join(dir, `${name}.py`);
  writeFileSync(script, generatePytorchScript(c, { configPath: `examples/${name}.gradlab.json`, stateFile: `${name}.state.bin` }));
  writeFileSync(join(dir, `${name}.state.bin`), encodeState(stateTensors(c, d, initialOf(c)), 255));
  return { c, d, script, state: join(dir, `${name}.state.bin`) };
}

describe('training/export (PyTorch)', () => {
  const names = readdirSync(EXAMPLES).filter((f) => f.endsWith('.gradlab.json')).map((f) => f.replace('.gradlab.json', ''));

  it('generates valid Python for every example', function () {
    if (!hasPython) this.skip();
    for (const name of names) {
      const script = exportPytorchScript(readFileSync(join(EXAMPLES, `${name}.gradlab.json`), 'utf8'), `examples/${name}.gradlab.json`);
      const r = python(['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], script);
      assert.equal(r.status, 0, `${name}: ${r.stderr}`);
    }
  });

  it('carries the config: init, optimizer, clipping, loss, activation', () => {
    const s = exportPytorchScript(readFileSync(join(EXAMPLES, 'deep-relu-clipped.gradlab.json'), 'utf8'), 'c.gradlab.json');
    assert.match(s, /nn\.init\.kaiming_normal_\(linear\.weight, a=0, mode="fan_in", nonlinearity="relu"\)\n\s+linear\.weight\.mul_\(1\.3\)/);
    assert.match(s, /torch\.optim\.SGD\(params, lr=0\.05\)/);
    assert.match(s, /clip_grad_norm_\(params, 1\.0, norm_type=NORM_TYPE\)/);
    assert.match(s, /return F\.cross_entropy\(out, y\)/);
    assert.match(s, /return torch\.nn\.functional\.relu\(u\)/);
    assert.match(s, /PLANNED_STEPS = 600/);
    const adam = exportPytorchScript(readFileSync(join(EXAMPLES, 'spiral.gradlab.json'), 'utf8'), 's.gradlab.json');
    assert.match(adam, /torch\.optim\.Adam\(params, lr=0\.01\)/);
    assert.throws(() => exportPytorchScript('{', 'bad.gradlab.json'), /^Error: bad\.gradlab\.json:1:2: error: /);
  });

  it('translates activation expressions into torch', () => {
    assert.equal(expressionToTorch('x * sigmoid(x)', 'u'), '(u * torch.sigmoid(u))');
    assert.equal(expressionToTorch('where(x > 0, x, 0.1 * x)', 'u'), 'torch.where((u > 0.0), u, (0.1 * u))');
    assert.equal(expressionToTorch('max(x, 0) + exp(1)', 'u'), '(torch.maximum(u, _t(0.0, u)) + torch.exp(_t(1.0, u)))');
    assert.equal(expressionToTorch('leaky_relu(x, 0.2) ^ 2', 'u'), '(torch.nn.functional.leaky_relu(u, negative_slope=0.2) ** 2.0)');
  });

  it('round-trips the state file', () => {
    const c = example('gaussians');
    const d = data(c);
    const tensors = stateTensors(c, d, initialOf(c));
    const { header, tensors: back } = decodeState(encodeState(tensors, 255));
    assert.equal(header.version, 1);
    for (const t of tensors) assert.deepEqual(back.get(t.name)!.data, t.data, t.name);
    assert.deepEqual(back.get('order')!.shape, [10, 1000]);
  });

  it('a run from the state file reproduces our first steps exactly', () => {
    for (const name of ['moons', 'circles']) {
      const c = example(name);
      const d = data(c);
      const { tensors } = decodeState(encodeState(stateTensors(c, d, initialOf(c)), 255));
      const split = (which: string) => denseSplit(tensors.get(`${which}.x`)!.data as Float64Array, tensors.get(`${which}.y`)!.data as Uint8Array, 2);
      const fromState: Dataset = { name: d.name, features: 2, classes: d.classes, train: split('train'), test: split('test') };
      const layers = c.model.widths.length - 1;
      const initial = {
        weights: Array.from({ length: layers }, (_, k) => tensors.get(`layers.${k}.weight`)!.data),
        biases: Array.from({ length: layers }, (_, k) => tensors.get(`layers.${k}.bias`)!.data),
      };
      const ours = new Trainer(c, d);
      const theirs = new Trainer(c, fromState, { initial });
      for (let s = 0; s < 3; s++) assert.deepEqual(theirs.step(), ours.step(), `${name} step ${s + 1}`);
    }
  });

  it('stores MNIST digits as bytes, read back as exactly our inputs', function () {
    if (!existsSync(PACKED)) this.skip();
    const c = example('mnist-softmax');
    const d = data(c);
    const { header, tensors } = decodeState(encodeState(stateTensors(c, d, initialOf(c)), 255));
    const x = tensors.get('train.x')!;
    assert.equal(x.dtype, 'u8');
    const split = byteImageSplit(x.data as Uint8Array, tensors.get('train.y')!.data as Uint8Array, 784);
    const a = new Float64Array(784);
    const b = new Float64Array(784);
    split.copyInputs(123, a, 0);
    d.train.copyInputs(123, b, 0);
    assert.deepEqual(a, b);
    assert.equal(header.x_scale, 255);
    assert.deepEqual(tensors.get('order')!.shape, [2, 8000]);
  });

  describe('the script read by Python (numpy standing in for torch)', () => {
    before(function () {
      if (!hasNumpy) this.skip();
    });

    for (const name of ['moons', 'spiral', 'mnist-softmax']) {
      it(`${name}: reads our state and its numpy first step matches ours to 1e-9 relative`, function () {
        if (name === 'mnist-softmax' && !existsSync(PACKED)) this.skip();
        const dir = mkdtempSync(join(tmpdir(), 'gradlab-pt-'));
        const { c, d, script, state } = exportWithState(name, dir);
        const r = python([join(__dirname, 'firstStep.check.py'), script, state]);
        assert.equal(r.status, 0, r.stderr);
        const py = JSON.parse(r.stdout) as { loss: number; grad_norm_total: number; layers: { weight_grad_norm: number; bias_grad_norm: number; grad_norm: number }[]; sums: Record<string, number> };
        const ours = new Trainer(c, d).step().record!;
        const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(b), 1e-300), `${what}: ${a} vs ${b}`);
        close(py.loss, ours.loss, 'loss');
        close(py.grad_norm_total, ours.grad_norm_total, 'global norm');
        py.layers.forEach((l, k) => {
          close(l.weight_grad_norm, ours.layers[k].weight_grad_norm, `layer ${k + 1} weight`);
          close(l.bias_grad_norm, ours.layers[k].bias_grad_norm, `layer ${k + 1} bias`);
          close(l.grad_norm, ours.layers[k].grad_norm, `layer ${k + 1} pre-activation`);
        });
        const sum = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0);
        close(py.sums['layers.0.weight'], sum(buildModel(c).layers[0].weight.data), 'weights read by Python');
      });
    }
  });
});
