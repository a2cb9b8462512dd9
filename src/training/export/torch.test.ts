/**
 * Every example's exported script, run by real PyTorch from our state file (our initial weights,
 * data and sample order), gives our first step's loss and per-layer gradient norms to 1e-9.
 * PyTorch is Debian's python3-torch for /usr/bin/python3, installed on first use by
 * scripts/ensure-code-server.mjs (npm test runs it before the unit tier).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StepRecord } from '../../protocol';
import { exportPytorchCommand } from '../../cli/commands/exportPytorch';
import { mnistDataPackageFolder } from '../../node/fullMnist';
import { loadDataSources } from '../../node/loadData';
import { checkConfig } from '../config';
import { buildDataset } from '../datasets';
import { Trainer } from '../trainer';

const ROOT = join(__dirname, '..', '..', '..');
const EXAMPLES = join(ROOT, 'examples');
const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;

async function ours(file: string): Promise<StepRecord> {
  const config = checkConfig(readFileSync(file, 'utf8')).config!;
  const sources = await loadDataSources(config.data, { dataDir: join(ROOT, 'media', 'data'), configPath: file, fullMnistFolders: [mnistDataPackageFolder(__dirname)] });
  return new Trainer(config, buildDataset(config.data, config.seed, sources)).step().record!;
}

describe('training/export under real PyTorch (first step of every example)', function () {
  this.timeout(300_000);
  let dir: string;
  before(function () {
    if (!hasTorch) {
      console.log('    (skipped: no torch for /usr/bin/python3; `node scripts/ensure-code-server.mjs` installs python3-torch)');
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'gradlab-torch-'));
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  for (const name of readdirSync(EXAMPLES).filter((f) => f.endsWith('.gradlab.json')).sort()) {
    it(name, async () => {
      // The full MNIST's 60,000 digits would make a 439 MB state file (refused past 100 MB): its first step
      // is checked on the same recipe over its first 2,000 training digits, still read from the IDX files.
      const text = readFileSync(join(EXAMPLES, name), 'utf8');
      const file = /"dataset": "mnist-full"/.test(text) ? join(dir, name) : join(EXAMPLES, name);
      if (file !== join(EXAMPLES, name)) writeFileSync(file, text.replace('"train": 60000', '"train": 2000').replace('"test": 10000', '"test": 500'));
      const script = join(dir, name.replace('.gradlab.json', '.py'));
      const io = { out: () => undefined, err: () => undefined, isTTY: false };
      assert.equal(await exportPytorchCommand.run([file, '--with-weights', '--steps', '1', '-o', script], io), 0);
      const r = spawnSync(PYTHON, [script, '--steps', '1'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      assert.equal(r.status, 0, r.stderr);
      const theirs = JSON.parse(r.stdout.split('\n')[0]) as StepRecord;
      const mine = await ours(file);
      // Relative 1e-9. A gradient that is zero in exact arithmetic (a bias before batch norm) is
      // rounding noise on both sides: both must then be below 1e-12 of the global norm.
      const noise = 1e-12 * mine.grad_norm_total;
      const close = (a: number, b: number, what: string) =>
        assert.ok(Math.abs(a - b) <= 1e-9 * Math.abs(b) || (Math.abs(a) < noise && Math.abs(b) < noise), `${name} ${what}: torch ${a}, ours ${b}`);
      assert.equal(theirs.step, 1);
      close(theirs.loss, mine.loss, 'loss');
      close(theirs.grad_norm_total, mine.grad_norm_total, 'global gradient norm');
      assert.equal(theirs.layers.length, mine.layers.length);
      mine.layers.forEach((l, k) => {
        close(theirs.layers[k].weight_grad_norm, l.weight_grad_norm, `layer ${k + 1} weight gradient`);
        close(theirs.layers[k].bias_grad_norm, l.bias_grad_norm, `layer ${k + 1} bias gradient`);
        close(theirs.layers[k].grad_norm, l.grad_norm, `layer ${k + 1} pre-activation gradient`);
      });
    });
  }
});
