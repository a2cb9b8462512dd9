import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliCommand, CliIO } from '../command';
import { exportPytorchCommand } from './exportPytorch';
import { trainCommand } from './train';
import { validateCommand } from './validate';

const ROOT = join(__dirname, '..', '..', '..');
const BAD = join(ROOT, 'test', 'fixtures', 'bad-configs');
const EXAMPLES = join(ROOT, 'examples');

async function run(command: CliCommand, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false };
  const code = await command.run(args, io);
  return { code, out, err };
}

describe('cli: gradlab validate', () => {
  it('exits 0 for every example', async () => {
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.gradlab.json')).map((f) => join(EXAMPLES, f));
    const r = await run(validateCommand, files);
    assert.equal(r.code, 0, r.out.join('\n'));
  });

  it('prints file:line:column: severity: message for each bad file and exits 1, never a stack trace', async () => {
    for (const f of readdirSync(BAD).filter((n) => n.endsWith('.gradlab.json'))) {
      const path = join(BAD, f);
      const r = await run(validateCommand, [path]);
      assert.equal(r.code, 1, f);
      assert.ok(r.out.length > 0, f);
      for (const line of r.out) {
        assert.ok(line.startsWith(`${path}:`), line);
        assert.match(line.slice(path.length), /^:\d+:\d+: (error|warning): \S/);
        assert.doesNotMatch(line, /\n\s+at /);
      }
    }
  });

  it('--json gives one object per file with 1-based positions', async () => {
    const r = await run(validateCommand, ['--json', join(BAD, 'schema-unknown-dataset.gradlab.json'), join(EXAMPLES, 'moons.gradlab.json')]);
    assert.equal(r.code, 1);
    const [bad, good] = r.out.map((l) => JSON.parse(l));
    assert.equal(bad.valid, false);
    assert.deepEqual({ ...bad.problems[0], message: undefined }, { line: 2, column: 24, end_line: 2, end_column: 31, severity: 'error', code: 'unknown-name', message: undefined });
    assert.deepEqual(good, { file: join(EXAMPLES, 'moons.gradlab.json'), valid: true, problems: [] });
  });

  it('reports a missing file without a stack trace', async () => {
    const r = await run(validateCommand, ['/nonexistent/x.gradlab.json']);
    assert.equal(r.code, 1);
    assert.deepEqual(r.err, ['gradlab validate: /nonexistent/x.gradlab.json: no such file']);
  });
});

describe('cli: gradlab train', () => {
  it('--json --steps N stops after N steps: records at the cadence (moons: every 5), the last step, then the summary', async () => {
    const r = await run(trainCommand, [join(EXAMPLES, 'moons.gradlab.json'), '--json', '--steps', '11']);
    assert.equal(r.code, 0);
    const lines = r.out.map((l) => JSON.parse(l));
    assert.deepEqual(lines.slice(0, -1).map((l) => l.step), [1, 5, 10, 11]);
    const first = lines[0];
    for (const key of ['step', 'epoch', 'loss', 'layers', 'grad_norm_total', 'grad_norm_clipped', 'clipped', 'train_accuracy']) assert.ok(key in first, key);
    assert.deepEqual(Object.keys(first.layers[0]), ['index', 'name', 'weight_grad_norm', 'bias_grad_norm', 'grad_norm', 'weight_norm', 'update_ratio']);
    const { summary } = lines[lines.length - 1];
    assert.equal(summary.steps, 11);
    assert.equal(summary.status, 'completed');
    for (const key of ['final_loss', 'train_accuracy', 'test_accuracy', 'seconds']) assert.equal(typeof summary[key], 'number', key);
  });

  it('prints the problems of an invalid config and exits 1', async () => {
    const r = await run(trainCommand, [join(BAD, 'schema-lr-zero.gradlab.json')]);
    assert.equal(r.code, 1);
    assert.match(r.err[0], /schema-lr-zero\.gradlab\.json:4:39: error: optimizer\.lr must be a number greater than 0/);
  });

  it('exits 1 for a diverging run, with the step and layer in the summary', async () => {
    const r = await run(trainCommand, [join(EXAMPLES, 'deep-relu-exploding.gradlab.json')]);
    assert.equal(r.code, 1);
    assert.match(r.out.join('\n'), /^diverged: \d+ steps/m);
    assert.match(r.out.join('\n'), /values became non-finite at step \d+ in linear\d+/);
  });

  it('trains on MNIST IDX files from a folder relative to the config, gzipped or not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradlab-idx-'));
    mkdirSync(join(dir, 'idx'));
    const images = (n: number) => {
      const b = Buffer.alloc(16 + n * 784);
      b.writeUInt32BE(0x803, 0); b.writeUInt32BE(n, 4); b.writeUInt32BE(28, 8); b.writeUInt32BE(28, 12);
      for (let i = 0; i < n; i++) b.fill(255, 16 + i * 784 + (i % 10) * 78, 16 + i * 784 + (i % 10) * 78 + 78);
      return b;
    };
    const labels = (n: number) => {
      const b = Buffer.alloc(8 + n);
      b.writeUInt32BE(0x801, 0); b.writeUInt32BE(n, 4);
      for (let i = 0; i < n; i++) b[8 + i] = i % 10;
      return b;
    };
    writeFileSync(join(dir, 'idx', 'train-images-idx3-ubyte.gz'), gzipSync(images(100)));
    writeFileSync(join(dir, 'idx', 'train-labels-idx1-ubyte'), labels(100));
    writeFileSync(join(dir, 'idx', 't10k-images-idx3-ubyte'), images(30));
    writeFileSync(join(dir, 'idx', 't10k-labels-idx1-ubyte.gz'), gzipSync(labels(30)));
    const config = join(dir, 'full.gradlab.json');
    writeFileSync(config, JSON.stringify({ data: { dataset: 'mnist-idx', folder: 'idx', train: 100, test: 30 }, model: { layers: [784, 10] }, optimizer: { name: 'sgd', lr: 0.5 }, batch_size: 10, epochs: 3 }));
    const r = await run(trainCommand, [config, '--json']);
    assert.equal(r.code, 0, r.err.join('\n'));
    const summary = JSON.parse(r.out[r.out.length - 1]).summary;
    assert.equal(summary.steps, 30);
    assert.equal(summary.test_accuracy, 1, 'each class lights its own band of pixels: linearly separable');
    writeFileSync(config, JSON.stringify({ data: { dataset: 'mnist-idx', train: 100, test: 30 }, model: { layers: [784, 10] }, optimizer: { name: 'sgd', lr: 0.5 } }));
    await assert.rejects(run(trainCommand, [config]), /mnist-idx: no folder given/);
    assert.equal((await run(trainCommand, [config, '--steps', '1', '--mnist-idx-folder', join(dir, 'idx')])).code, 0);
  });

  it('rejects bad usage', async () => {
    await assert.rejects(run(trainCommand, []), /give exactly one FILE/);
    await assert.rejects(run(trainCommand, ['x', '--steps', '0']), /--steps must be a positive integer/);
    await assert.rejects(run(trainCommand, ['x', '--frobnicate']), /unknown option --frobnicate/);
  });
});

describe('cli: the built gradlab', () => {
  const cli = join(ROOT, 'dist', 'cli.js');
  before(function () {
    if (!existsSync(cli)) this.skip();
  });

  it('validate: exit codes and no stack trace, even for a binary file', () => {
    const bad = spawnSync(process.execPath, [cli, 'validate', join(BAD, 'syntax-binary.gradlab.json')], { encoding: 'utf8' });
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /syntax-binary\.gradlab\.json:2:13: error: this is a binary file/);
    assert.doesNotMatch(bad.stdout + bad.stderr, /\n\s+at /);
    const good = spawnSync(process.execPath, [cli, 'validate', join(EXAMPLES, 'xor.gradlab.json')], { encoding: 'utf8' });
    assert.equal(good.status, 0);
  });

  it('train --json is deterministic across processes', () => {
    const once = () => execFileSync(process.execPath, [cli, 'train', join(EXAMPLES, 'gaussians.gradlab.json'), '--json', '--steps', '12'], { encoding: 'utf8' });
    const strip = (s: string) => s.replace(/"seconds":[^,}]+/, '');
    assert.equal(strip(once()), strip(once()));
  });
});

describe('cli: gradlab export-pytorch', () => {
  it('prints a script to stdout and refuses --with-weights without -o', async () => {
    const r = await run(exportPytorchCommand, [join(EXAMPLES, 'spiral.gradlab.json')]);
    assert.equal(r.code, 0);
    assert.match(r.out[0], /^#!\/usr\/bin\/env python3/);
    await assert.rejects(run(exportPytorchCommand, [join(EXAMPLES, 'spiral.gradlab.json'), '--with-weights']), /give -o OUT\.py/);
  });

  it('writes the script and its state file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradlab-export-'));
    const out = join(dir, 'moons.py');
    const r = await run(exportPytorchCommand, [join(EXAMPLES, 'moons.gradlab.json'), '--with-weights', '-o', out]);
    assert.equal(r.code, 0);
    assert.match(readFileSync(out, 'utf8'), /STATE_FILE = "moons\.state\.bin"/);
    assert.equal(readFileSync(join(dir, 'moons.state.bin')).subarray(0, 4).toString('latin1'), 'GLST');
  });
});
