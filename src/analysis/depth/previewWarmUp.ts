/**
 * A few float32 previews run in the background before the first drag, so that V8 has optimized the preview's
 * JavaScript by the time a slider moves. Without them the first ten steps of a depth-100 seed drag took 9–76 ms
 * each (190–260 ms in all) in a Chromium worker, then ~9 ms; after 15 warm-up previews of depth 100 (~0.4 s of the
 * worker's time, once) they took 8–12 ms from the first step on.
 *
 * The warm-up runs one preview per turn of the event loop and stops for good as soon as a real job arrives: a
 * request waits for at most one preview, and a drag that has begun warms the code itself. Its last preview is of
 * the settings themselves, so a depth drag that follows reuses the layers it kept. It ends early past a time
 * budget, so the largest networks do not keep the worker busy for long.
 */
import { checkDepthSettings } from './analysis';
import { previewDepth, previewUnavailable } from './preview';
import type { DepthSettings } from './settings';

/**
 * Layers previewed (with other seeds) before the last preview, of the settings themselves: V8 optimizes a function
 * after running enough of it, so a shallow network takes more previews (15 at depth 100, 150 at depth 10).
 */
export const WARM_UP_LAYERS = 1400;
/** The warm-up ends early once its previews have taken this long (the largest networks: ~50 ms a preview). */
export const WARM_UP_BUDGET_MS = 600;

export interface WarmUpDeps {
  /** Runs `step` on a later turn of the event loop. */
  readonly schedule: (step: () => void) => void;
  readonly preview: (settings: DepthSettings) => unknown;
  /** Milliseconds (a budget of hundreds: Date.now is fine, and this folder has no `performance`). */
  readonly now: () => number;
}

const defaultDeps: WarmUpDeps = { schedule: (step) => setTimeout(step, 0), preview: previewDepth, now: () => Date.now() };

export class PreviewWarmUp {
  private state: 'idle' | 'running' | 'over' = 'idle';

  constructor(private readonly deps: WarmUpDeps = defaultDeps) {}

  /** Starts the warm-up with these settings (once; nothing happens when no preview is made for them). */
  start(partial: Partial<DepthSettings>): void {
    if (this.state !== 'idle') return;
    const settings = checkDepthSettings(partial);
    if (previewUnavailable(settings) !== null) return;
    this.state = 'running';
    let left = Math.ceil(WARM_UP_LAYERS / settings.depth);
    let spent = 0;
    const step = () => {
      if (this.state !== 'running') return;
      const t0 = this.deps.now();
      try {
        this.deps.preview(left > 0 ? { ...settings, seed: settings.seed + 1 + left } : settings);
      } catch {
        left = 0; // nothing to warm up for: the real jobs report their own errors
      }
      spent += this.deps.now() - t0;
      if (left-- > 0 && spent < WARM_UP_BUDGET_MS) this.deps.schedule(step);
      else this.state = 'over';
    };
    this.deps.schedule(step);
  }

  /** No more warm-up previews, now or later (a drag has begun, or another job came first). */
  stop(): void {
    this.state = 'over';
  }

  get running(): boolean {
    return this.state === 'running';
  }
}
