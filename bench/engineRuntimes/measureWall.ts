/**
 * Timing for the engine in two runtimes (bench/engineRuntimes/main.ts): pure, so the same code times Node and the
 * Chromium web worker. Wall-clock milliseconds per step: a browser has no per-process CPU clock.
 */
import type { Step, Timing } from '../job';

/** What a runtime is asked to time: the SIMD peak (one loop kind) or a workload on the engine. */
export type EngineItem = 'f64x2' | 'f32x4' | 'W1' | 'W2' | 'W4';
export const ENGINE_ITEMS: readonly EngineItem[] = ['f64x2', 'f32x4', 'W1', 'W2', 'W4'];

/** Untimed steps first (JIT tier-up), then timed steps until the budget is spent. */
export function measureWall(step: Step, timing: Timing): number[] {
  step();
  const warmupEnd = performance.now() + timing.warmupMs;
  for (let i = 1; i < timing.warmupSteps || performance.now() < warmupEnd; i++) step();
  const out: number[] = [];
  const budgetEnd = performance.now() + timing.budgetMs;
  for (let i = 0; i < timing.minSteps || (i < timing.maxSteps && performance.now() < budgetEnd); i++) {
    const t0 = performance.now();
    step();
    out.push(performance.now() - t0);
  }
  return out;
}
