/**
 * The memory estimate against the measured peak of real runs (each in a fresh process, see
 * test/unit/measureTrainingPeak.ts): within a factor 2 across the examples and the hard cases (wide layers, a
 * 1,000-character expression activation, batch norm with residual connections); runs too small for
 * resident memory to be measured reliably (under 16 MB estimated) must at least never exceed twice
 * the estimate. And configs past the limit are refused before anything is allocated.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkConfig, estimateConfigMemory, formatBytes } from './index';

const ROOT = join(__dirname, '..', '..', '..');
const EXAMPLES = join(ROOT, 'examples');

/** A 989-character activation of 304 operations (sin and products), as in a hostile config. */
const LONG_EXPRESSION = (() => {
  let s = 'x';
  while (s.length < 980) s += '+0.5*sin(x)*x';
  return s;
})();

const CASES: Record<string, object> = {
  'wide layers, Adam': { data: { dataset: 'moons', train: 2000, test: 500 }, model: { layers: [2, 1024, 1024, 1024, 2] }, optimizer: { name: 'adam', lr: 0.001 }, batch_size: 256, steps: 3 },
  'wide layers, large batch': { data: { dataset: 'moons', train: 4000, test: 500 }, model: { layers: [2, 512, 512, 2] }, optimizer: { name: 'sgd', lr: 0.01 }, batch_size: 2048, steps: 3 },
  'long expression, depth 10, width 8, batch 1024': { data: { dataset: 'moons', train: 2048, test: 500 }, model: { depth: 10, width: 8, activation: { expression: LONG_EXPRESSION } }, optimizer: { name: 'sgd', lr: 0.01 }, batch_size: 1024, steps: 3 },
  'batch norm and residual, depth 20, width 256': { data: { dataset: 'moons', train: 2048, test: 500 }, model: { depth: 20, width: 256, batch_norm: true, residual: true, activation: 'gelu' }, optimizer: { name: 'sgd', lr: 0.01 }, batch_size: 256, steps: 3 },
};

function measure(file: string): { peakBytes: number; estimateBytes: number } {
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-semi-space-size=1', '--import', 'tsx', join(ROOT, 'test', 'unit', 'measureTrainingPeak.ts'), file], { encoding: 'utf8', cwd: ROOT });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { peakBytes: number; estimateBytes: number };
}

describe('training/config: memory estimates hold', function () {
  this.timeout(600_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'gradlab-memory-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const files = [
    ...readdirSync(EXAMPLES).filter((f) => f.endsWith('.gradlab.json')).sort().map((f) => ({ name: f, file: () => join(EXAMPLES, f) })),
    ...Object.entries(CASES).map(([name, config]) => ({
      name, file: () => {
        const f = join(dir, `${name.replace(/\W+/g, '-')}.gradlab.json`);
        writeFileSync(f, JSON.stringify(config));
        return f;
      },
    })),
  ];
  for (const { name, file } of files) {
    it(`${name}: measured peak at most 2x the estimate (and the estimate at most 2x the peak from 16 MB)`, () => {
      const { peakBytes, estimateBytes } = measure(file());
      const ratio = estimateBytes / peakBytes;
      console.log(`      estimate ${formatBytes(estimateBytes)}, measured peak ${formatBytes(peakBytes)}, ratio ${ratio.toFixed(2)}`);
      assert.ok(peakBytes <= 2 * estimateBytes, `measured ${formatBytes(peakBytes)} is more than twice the estimate ${formatBytes(estimateBytes)}`);
      if (estimateBytes >= 16e6) assert.ok(estimateBytes <= 2 * peakBytes, `the estimate ${formatBytes(estimateBytes)} is more than twice the measured ${formatBytes(peakBytes)}`);
    });
  }

  it('depth 100, width 8, batch 1024 with a 1,000-character expression is refused with its estimate (ten times the depth-10 case)', () => {
    const text = JSON.stringify({ ...CASES['long expression, depth 10, width 8, batch 1024'], model: { depth: 100, width: 8, activation: { expression: LONG_EXPRESSION } } });
    const ten = estimateConfigMemory(JSON.stringify(CASES['long expression, depth 10, width 8, batch 1024']))!.totalBytes;
    const hundred = estimateConfigMemory(text)!.totalBytes;
    assert.ok(hundred > 9 * ten && hundred < 11 * ten, `${hundred} vs ${ten}`);
    const { config, problems } = checkConfig(text);
    assert.equal(config, undefined);
    assert.equal(problems[0].code, 'memory');
    assert.match(problems[0].message, /^this run would need about 4\.\d GB of memory .* more than the 1\.0 GB a training run may use/);
  });

  it('the limit is an option: the same config passes with a higher one and fails with a lower one', () => {
    const text = readFileSync(join(EXAMPLES, 'mnist-softmax.gradlab.json'), 'utf8');
    const need = estimateConfigMemory(text)!.totalBytes;
    assert.ok(checkConfig(text, { memoryLimitBytes: need * 1.01 }).config);
    const refused = checkConfig(text, { memoryLimitBytes: need * 0.99 });
    assert.equal(refused.problems[0].code, 'memory');
  });
});
