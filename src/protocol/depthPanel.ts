/**
 * The Explore Gradient Depth panel: the state the page persists, what the page shows (the snapshot the
 * integration tests ask for, see testHooks.ts), and what the page and its web workers say to each other.
 * All computation happens in the page's workers; the host only opens the panel, saves exports and
 * relays questions.
 */

import type { CommonFromWebview } from './common';
import type { DepthSettings, TrainingSettings } from '../analysis/depth/settings';
import type { DepthPresetId } from '../analysis/depth/presets';
import type { DepthReport } from '../analysis/depth/report';
import type { DepthAnalysis, DepthSweep, TrainingComparison } from '../analysis/depth/types';

export const DEPTH_VIEW_TYPE = 'gradientLab.depthPanel';
export const EXPLORE_DEPTH_COMMAND = 'gradientLab.exploreDepth';

/** Collapsible sections below the main gradient chart. */
export type DepthSection = 'why' | 'forward' | 'sweep' | 'clipping' | 'help';

export interface DepthPanelState {
  readonly version: 1;
  readonly settings: DepthSettings;
  readonly training: TrainingSettings;
  /** Extra activations the depth sweep compares with the current one. */
  readonly sweepActivations: readonly string[];
  readonly open: Readonly<Record<DepthSection, boolean>>;
  /** The layer whose histogram is shown, if any. */
  readonly selectedLayer: number | null;
}

// ---- host -> page (the integration tests' requests are in testHooks.ts) ----

/** Sets the panel up as a walkthrough button or Plot Activation's "See it through depth" asks: a preset, then settings. */
export type ToDepthPanel = { readonly type: 'setUp'; readonly preset?: DepthPresetId; readonly settings?: Partial<DepthSettings> };

/** The page only speaks the common messages (ready, exportFile, showError, reply). */
export type FromDepthPanel = CommonFromWebview;

/** What the page shows right now: the reply to `snapshot`, `applySettings` and `applyPreset`. */
export interface DepthSnapshot {
  /** The report of the analysis on screen: the same object `gradlab depth --json` prints. */
  readonly report: DepthReport | null;
  /** The series drawn in the per-layer chart, read back from the chart (null = a gap). */
  readonly chart: {
    readonly layers: readonly number[];
    readonly gradNorm: readonly (number | null)[];
    readonly weightGradNorm: readonly (number | null)[];
    readonly theory: readonly (number | null)[];
  } | null;
  /** Texts of the summary line as displayed (chi*, depth scale, regime, overflow). */
  readonly summary: Readonly<Record<string, string>>;
  /** The inline error on screen (for example a custom expression that does not parse), if any. */
  readonly error: string | null;
  readonly settings: DepthSettings;
  /** The text size the charts draw with (gradientLab.chartFontSize, or the editor font size). */
  readonly chartFontSize?: number;
}

// ---- page <-> web worker (structured clone: NaN and Infinity travel as they are) ----

export type ToDepthWorker =
  | {
      readonly type: 'analyze';
      readonly jobId: number;
      readonly settings: DepthSettings;
      /**
       * 'preview' while a control is being dragged: float32 where a preview can stand in for float64
       * (analysis/depthPreview.ts), float64 otherwise. Absent or 'exact': float64, the CLI's numbers.
       */
      readonly precision?: 'preview' | 'exact';
    }
  | {
      readonly type: 'sweep';
      readonly jobId: number;
      readonly settings: DepthSettings;
      readonly activations: readonly string[];
      readonly seeds: number;
    }
  | { readonly type: 'train'; readonly jobId: number; readonly settings: DepthSettings; readonly training: TrainingSettings }
  | { readonly type: 'cancel'; readonly jobId: number };

export type FromDepthWorker =
  | {
      readonly type: 'analysis';
      readonly jobId: number;
      readonly analysis: DepthAnalysis;
      readonly computeMs: number;
      readonly kernels: 'webassembly' | 'javascript';
      /** What the analysis was computed in: float32 (a preview, to be replaced) or float64. */
      readonly precision?: 'float32' | 'float64';
    }
  | { readonly type: 'sweep'; readonly jobId: number; readonly sweep: DepthSweep; readonly done: boolean; readonly progress: number }
  | { readonly type: 'training'; readonly jobId: number; readonly training: TrainingComparison; readonly done: boolean }
  | {
      readonly type: 'failed';
      readonly jobId: number;
      readonly message: string;
      /** The setting the message is about (an expression that does not parse says 'expression'). */
      readonly field: string | null;
    };
