/**
 * The depth explorer's memory estimate against the measured peak of analyses (each in a fresh
 * process, see test/unit/measureDepthPeak.ts): within a factor 2. `gradlab depth` refuses settings past
 * the limit (the panel's largest settings with batch norm and skips need about 1.7 GB).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { formatBytes } from '../../training/config';
import { estimateDepthMemory } from './memory';
import { normalizeDepthSettings } from './settings';

const ROOT = join(__dirname, '..', '..', '..');

describe('analysis: depth explorer memory estimates', function () {
  this.timeout(600_000);
  const cases = [
    { depth: 50, width: 256, batchSize: 256, batchNorm: true, residual: true, clip: 'norm', clipNorm: 1 },
    { depth: 50, width: 256, batchSize: 256 },
    { depth: 50, width: 128, batchSize: 256, batchNorm: true },
  ];
  for (const patch of cases) {
    it(`${JSON.stringify(patch)}: within 2x of the measured peak`, () => {
      const r = spawnSync(process.execPath, ['--expose-gc', '--max-semi-space-size=1', '--import', 'tsx', join(ROOT, 'test', 'unit', 'measureDepthPeak.ts'), JSON.stringify(patch)], { encoding: 'utf8', cwd: ROOT });
      assert.equal(r.status, 0, r.stderr);
      const { peakBytes, estimateBytes } = JSON.parse(r.stdout.trim().split('\n').pop()!) as { peakBytes: number; estimateBytes: number };
      console.log(`      estimate ${formatBytes(estimateBytes)}, measured peak ${formatBytes(peakBytes)}, ratio ${(estimateBytes / peakBytes).toFixed(2)}`);
      assert.ok(estimateBytes <= 2 * peakBytes && peakBytes <= 2 * estimateBytes);
    });
  }

  it('depth 200, width 256, batch 256, batch norm, residual: four times the depth-50 case, about 1.7 GB', () => {
    const big = estimateDepthMemory(normalizeDepthSettings({ depth: 200, width: 256, batchSize: 256, batchNorm: true, residual: true }).settings);
    const quarter = estimateDepthMemory(normalizeDepthSettings({ depth: 50, width: 256, batchSize: 256, batchNorm: true, residual: true }).settings);
    assert.ok(Math.abs(big / quarter - 4) < 0.05, `${big / quarter}`);
    assert.ok(big > 1.5e9 && big < 1.9e9, formatBytes(big));
  });
});
