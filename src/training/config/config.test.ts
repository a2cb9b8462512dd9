import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { ELEMENTWISE_ACTIVATION_NAMES, INITIALIZER_NAMES, OPTIMIZERS, OPTIMIZER_NAMES } from '../../engine';
import { checkConfig, formatProblem, lineColumn, SCHEMA } from './index';
import type { SchemaNode } from './schemaWalk';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
const MINIMAL = '{ "data": { "dataset": "moons" }, "model": { "layers": [2, 8, 2] }, "optimizer": { "name": "sgd", "lr": 0.1 } }';

function def(name: string): SchemaNode {
  return SCHEMA.definitions![name];
}

function errors(text: string) {
  return checkConfig(text).problems.filter((p) => p.severity === 'error');
}

describe('training/config', () => {
  it('accepts every example and fills defaults from the schema', () => {
    for (const f of readdirSync(EXAMPLES).filter((n) => n.endsWith('.gradlab.json'))) {
      const r = checkConfig(readFileSync(join(EXAMPLES, f), 'utf8'));
      assert.ok(r.config, `${f}: ${r.problems.map((p) => p.message).join('; ')}`);
    }
    const c = checkConfig(MINIMAL).config!;
    assert.equal(c.seed, 0);
    assert.equal(c.batchSize, 64);
    assert.equal(c.loss, 'cross_entropy');
    assert.deepEqual(c.schedule, { epochs: 1 });
    assert.deepEqual(c.record, { every: 1, testEvery: 0 });
    assert.deepEqual(c.clip, { mode: 'none' });
    assert.deepEqual(c.model.activation, { kind: 'named', name: 'relu', params: {} });
    assert.equal(c.model.init.name, 'uniform');
    assert.deepEqual(c.data, { kind: 'moons', train: 1000, test: 500, noise: 0.1, classes: 2, factor: 0.5 });
  });

  it('reads the MNIST recipe exactly', () => {
    const c = checkConfig(readFileSync(join(EXAMPLES, 'mnist-softmax.gradlab.json'), 'utf8')).config!;
    assert.deepEqual(c.model.widths, [784, 10]);
    assert.deepEqual(c.data, { kind: 'mnist', train: 8000, test: 2000 });
    assert.deepEqual(c.optimizer, { name: 'sgd', lr: 0.5, options: {} });
    assert.equal(c.batchSize, 64);
    assert.deepEqual(c.schedule, { epochs: 2 });
  });

  it('builds widths from depth and width, with the data set deciding input and output', () => {
    const c = checkConfig('{ "data": { "dataset": "spiral", "classes": 5 }, "model": { "depth": 3, "width": 7 }, "optimizer": { "name": "adam", "lr": 0.01, "weight_decay": 0.1 } }').config!;
    assert.deepEqual(c.model.widths, [2, 7, 7, 7, 5]);
    assert.deepEqual(c.optimizer.options, { weightDecay: 0.1 });
  });

  it('runs the validators generated from the current schema (node scripts/gen-schema-validator.mjs)', async () => {
    const script = join(__dirname, '..', '..', '..', 'scripts', 'gen-schema-validator.mjs');
    const { generate } = (await import(script)) as { generate: () => string };
    const current = readFileSync(join(__dirname, 'schemaValidators.generated.ts'), 'utf8');
    assert.ok(current === generate(), 'schemaValidators.generated.ts is stale: run node scripts/gen-schema-validator.mjs');
  });

  describe('the schema agrees with the engine', () => {
    it('lists exactly the elementwise activations of the registry', () => {
      assert.deepEqual([...(def('activationName').enum as string[])].sort(), [...ELEMENTWISE_ACTIVATION_NAMES].sort());
    });
    it('lists exactly the initializers', () => {
      assert.deepEqual([...(def('initName').enum as string[])].sort(), [...INITIALIZER_NAMES].sort());
    });
    it('lists exactly the optimizers, with their hyperparameters and defaults', () => {
      const branches = def('optimizer').oneOf!;
      const names = branches.map((b) => b.properties!.name.const);
      assert.deepEqual(names.sort(), [...OPTIMIZER_NAMES].sort());
      for (const b of branches) {
        const info = OPTIMIZERS[b.properties!.name.const as keyof typeof OPTIMIZERS];
        const keys = Object.keys(b.properties!).filter((k) => k !== 'name').map((k) => (k === 'weight_decay' ? 'weightDecay' : k));
        assert.deepEqual(keys.sort(), info.hyperparameters.map((h) => h.key).sort(), info.name);
        for (const h of info.hyperparameters) {
          if (h.key === 'lr') continue; // required in a config: no default
          const prop = b.properties![h.key === 'weightDecay' ? 'weight_decay' : h.key];
          const node = prop.$ref ? def(prop.$ref.split('/').pop()!) : prop;
          assert.deepEqual(node.default, h.default, `${info.name}.${h.key}`);
        }
      }
    });
  });

  it('offers a quick fix for close names and none for far ones', () => {
    const fix = (text: string) => checkConfig(text).problems.find((p) => p.replacement)?.replacement;
    assert.equal(fix(MINIMAL.replace('"sgd"', '"SGD"')), '"sgd"');
    assert.equal(fix(MINIMAL.replace('"moons"', '"mons"')), '"moons"');
    assert.equal(fix(MINIMAL.replace('"moons"', '"banana"')), undefined);
    assert.equal(fix(MINIMAL.replace('"lr"', '"lR"')), '"lr"');
  });

  it('warns, without refusing, about settings that have no effect', () => {
    const r = checkConfig(MINIMAL.replace('"layers": [2, 8, 2]', '"layers": [2, 8, 4, 2], "residual": true'));
    assert.ok(r.config);
    assert.deepEqual(r.problems.map((p) => [p.severity, p.code]), [['warning', 'no-effect']]);
    const batch = checkConfig(MINIMAL.replace('"dataset": "moons"', '"dataset": "moons", "train": 20'));
    assert.ok(batch.config);
    assert.match(batch.problems[0].message, /batch_size 64 is larger than the 20 training samples/);
  });

  it('refuses batch norm with batches of one sample', () => {
    const [e] = errors(MINIMAL.replace('"layers": [2, 8, 2]', '"layers": [2, 8, 2], "batch_norm": true').replace('"optimizer"', '"batch_size": 1, "optimizer"'));
    assert.match(e.message, /batch norm needs batches of at least 2/);
  });

  it('formats problems as file:line:column', () => {
    const text = '{\n  "data": 5\n}';
    const p = errors(text).find((e) => e.message.startsWith('data'))!;
    assert.equal(formatProblem('x.gradlab.json', text, p), `x.gradlab.json:2:11: error: ${p.message}`);
    assert.deepEqual(lineColumn('a\r\nb\rc', 5), { line: 3, column: 1 });
  });

  it('never throws and always points inside the text, whatever the input (fuzzed)', function () {
    this.timeout(120_000);
    const valid = readFileSync(join(EXAMPLES, 'gaussians.gradlab.json'), 'utf8');
    const mutation = fc.tuple(fc.nat(valid.length), fc.nat(20), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (edits) => {
        let text = valid;
        for (const [at, del, ins] of edits) text = text.slice(0, at) + ins + text.slice(Math.min(text.length, at + del));
        const r = checkConfig(text);
        for (const p of r.problems) {
          assert.ok(p.start >= 0 && p.start <= p.end && p.end <= text.length);
          assert.ok(!p.message.startsWith('internal error'), p.message);
        }
        assert.ok(r.config !== undefined || r.problems.some((p) => p.severity === 'error'));
      }),
      { numRuns: 400, seed: 20261126 },
    );
  });

  it('survives pathological inputs in bounded CPU time', () => {
    const t0 = process.cpuUsage();
    assert.equal(errors('['.repeat(200_000))[0].code, 'too-deep');
    assert.equal(errors(' '.repeat(2_000_000))[0].code, 'too-large');
    assert.equal(errors(`{ "name": "${'é'.repeat(100_000)}" }`)[0].code, 'schema');
    assert.equal(errors('\uFFFD\uFFFD{}')[0].code, 'binary');
    const used = process.cpuUsage(t0);
    assert.ok(used.user + used.system < 10e6, 'a generous budget of this process\'s CPU time (10 s; it takes well under 1 s)');
  });
});
