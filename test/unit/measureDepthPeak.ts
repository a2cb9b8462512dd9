/**
 * Measures one depth analysis's peak memory for src/analysis/depthMemory.test.ts, in a fresh process started
 * with --expose-gc --max-semi-space-size=1: the peak resident size minus the resident size before
 * the analysis. Argument: the settings patch as JSON. Prints {"peakBytes", "estimateBytes"}.
 */
import { analyzeDepth } from '../../src/analysis/depthAnalysis';
import { estimateDepthMemory } from '../../src/analysis/depthMemory';
import { normalizeDepthSettings } from '../../src/analysis/depthSettings';

const { settings } = normalizeDepthSettings(JSON.parse(process.argv[2]));
const g = (globalThis as { gc?: () => void }).gc!;
g();
g();
const rss0 = process.memoryUsage().rss;
analyzeDepth(settings);
console.log(JSON.stringify({ peakBytes: process.resourceUsage().maxRSS * 1024 - rss0, estimateBytes: estimateDepthMemory(settings) }));
