/**
 * Measures one depth analysis's peak memory for src/analysis/depthMemory.test.ts, in a fresh process started
 * with --expose-gc --max-semi-space-size=1: the peak resident size minus the resident size before
 * the analysis. Argument: the settings patch as JSON. Prints {"peakBytes", "estimateBytes"}.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { analyzeDepth } from '../../src/analysis/depth/analysis';
import { estimateDepthMemory } from '../../src/analysis/depth/memory';
import { normalizeDepthSettings } from '../../src/analysis/depth/settings';

/** Linux: forget the peak so far (module loading), so the peak read later is the run's own. */
function resetPeak(): void {
  writeFileSync('/proc/self/clear_refs', '5');
}

/** The peak resident size since resetPeak (VmHWM), in bytes. */
function peakRss(): number {
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return kb ? Number(kb[1]) * 1024 : process.resourceUsage().maxRSS * 1024;
}

const { settings } = normalizeDepthSettings(JSON.parse(process.argv[2]));
const g = (globalThis as { gc?: () => void }).gc!;
g();
g();
resetPeak();
const rss0 = process.memoryUsage().rss;
analyzeDepth(settings);
console.log(JSON.stringify({ peakBytes: peakRss() - rss0, estimateBytes: estimateDepthMemory(settings) }));
