/**
 * Test hooks: what the integration tests ask a page through the host, and what a page reports only so
 * that a test or a benchmark can measure it. None of it is product behaviour. The host sends these, the
 * extension hands out its API and a page listens for them only when VS Code runs the extension in test
 * mode (vscode.ExtensionMode.Test; the page learns it from WebviewBoot.testHooks).
 */

import type { DepthSettings } from '../analysis/depth/settings';
import type { DepthPresetId } from '../analysis/depth/presets';
import type { ActivationQuery } from './activationPanel';
import type { LandscapePanelState } from './landscapePanel';

// ---- Plot Activation ----

/** Host -> page: what the page computed, shows, or would export (answered with a reply). */
export type ToActivationPanelTest = { readonly type: 'query'; readonly requestId: number; readonly query: ActivationQuery };

/** Page -> host: the first chart paint after the page loaded, ms since the page's time origin. */
export type FromActivationPanelTest = { readonly type: 'painted'; readonly sincePageStartMs: number };

// ---- Gradients view and training panel ----

/** Host -> page: what the page shows (answered with a LivePageDescription). */
export type ToLivePageTest = { readonly type: 'describe'; readonly requestId: number };

// ---- Explore Gradient Depth ----

/** The depth page: the host asks on behalf of a test; each is a request answered with a reply carrying requestId. */
export type ToDepthPanelTest =
  | { readonly type: 'applySettings'; readonly requestId: number; readonly settings: Partial<DepthSettings> }
  | { readonly type: 'applyPreset'; readonly requestId: number; readonly preset: DepthPresetId }
  | { readonly type: 'snapshot'; readonly requestId: number }
  | { readonly type: 'runSweep'; readonly requestId: number }
  | { readonly type: 'runTraining'; readonly requestId: number }
  | {
      readonly type: 'benchmark';
      readonly requestId: number;
      readonly settings: Partial<DepthSettings>;
      readonly runs: number;
      /** What changes between runs: the seed (every weight is drawn anew) or the depth (a depth-slider step). */
      readonly change: BenchmarkChange;
      /** 'preview': time the float32 preview a drag shows (default 'exact': the float64 analysis). */
      readonly precision?: 'preview' | 'exact';
    };

export type BenchmarkChange = 'seed' | 'depth';

export interface DepthBenchmark {
  readonly runs: number;
  readonly change: BenchmarkChange;
  /** Per run: worker compute, redraw on the page, and the whole round trip, in ms. */
  readonly computeMs: readonly number[];
  readonly drawMs: readonly number[];
  readonly totalMs: readonly number[];
  readonly medianComputeMs: number;
  readonly medianDrawMs: number;
  readonly medianTotalMs: number;
  /** What the worker computed with: the engine's WebAssembly kernels, or its JavaScript fallback. */
  readonly kernels: 'webassembly' | 'javascript';
  /** float32 when every timed run was the float32 preview, float64 otherwise. */
  readonly precision: 'float32' | 'float64';
}

// ---- Explore Loss Landscape ----

/** The landscape page: requests a test makes through the host, each answered with a reply carrying requestId. */
export type ToLandscapePanelTest =
  | { readonly type: 'snapshot'; readonly requestId: number }
  | { readonly type: 'apply'; readonly requestId: number; readonly state: Partial<Omit<LandscapePanelState, 'version'>> }
  /** Pins p as a click at the point's pixel would. */
  | { readonly type: 'pin'; readonly requestId: number; readonly point: readonly [number, number] }
  /** Runs the race to its last step (as Play would) and answers when it is drawn. */
  | { readonly type: 'race'; readonly requestId: number }
  /** Times `runs` contour redraws of a pan (grid, bands, paint, canvas), for the performance report. */
  | { readonly type: 'benchmark'; readonly requestId: number; readonly runs: number }
  /** Computes the network slice shown (if any) and answers with it when done. */
  | { readonly type: 'networkResult'; readonly requestId: number };
