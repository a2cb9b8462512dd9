/**
 * The live training pages: the "Gradients" side view and the bigger training panel speak the same
 * channel. The host keeps the authoritative state of the current run and sends either a full
 * snapshot (when a page (re)loads or a new run starts) or the raw records it just received; both
 * sides feed records through the same bounded history (src/training/history.ts), so they agree.
 *
 * Numbers cross a JSON boundary here: NaN and ±Infinity arrive as `null`. Pages read every number
 * through a guard that turns anything that is not a number into NaN.
 */

import type { ShowErrorMessage } from './common';
import type { BoundaryGrid, ClassificationReport, Playback, RunDescription, RunSummary, ScatterData, StepRecord } from './training';

/** One retained point of the downsampled history: the latest record of the steps it covers. */
export interface HistoryPoint {
  readonly step: number;
  readonly epoch: number;
  readonly loss: number;
  /** Weight-gradient norm per layer; element i is layer i + 1. */
  readonly layerNorms: readonly number[];
  readonly total: number;
  readonly clippedTotal: number;
  /** How many of the recorded steps merged into this point were clipped. */
  readonly clipEvents: number;
  /** How many recorded steps this point covers. */
  readonly count: number;
  readonly trainAccuracy?: number;
  readonly testAccuracy?: number;
}

/** A serializable bounded history: at most `capacity` points, each covering `stride` records. */
export interface HistorySnapshot {
  readonly capacity: number;
  readonly stride: number;
  readonly points: readonly HistoryPoint[];
}

export type AlertKind = 'vanishing' | 'exploding' | 'nonFinite';

export interface GradientAlert {
  readonly kind: AlertKind;
  /** Optimizer step of the record that raised the alert. */
  readonly step: number;
  /** Layer name as the trainer reports it, or 'loss' when only the loss became non-finite. */
  readonly layer: string;
  /** 1-based layer index, 0 for the loss. */
  readonly layerIndex: number;
  /** The offending norm (NaN/Infinity for nonFinite: sent as null). */
  readonly value: number;
  /**
   * vanishing: the threshold it fell under. exploding: the growth factor observed, over steps
   * (`basis: 'steps'`, against the layer's first recorded norm) or across depth (`basis: 'depth'`,
   * against the output layer at the same step).
   */
  readonly reference: number;
  readonly basis?: 'steps' | 'depth';
}

export type RunStatus = 'idle' | 'starting' | 'running' | 'completed' | 'cancelled' | 'diverged' | 'failed';

/** The file's problems now, as the Problems panel counts them, and the first in words ("line 3: Expected comma"). */
export interface StaleConfig {
  readonly count: number;
  readonly first: string;
}

/** An earlier run of the same file, drawn faded behind the current one. */
export interface GhostRun {
  readonly runId: number;
  /** What differs in the current run's config, e.g. "lr 0.5 → 5". */
  readonly change: string;
  readonly status: RunStatus;
  readonly finalLoss: number;
  readonly lastStep: number;
  readonly history: HistorySnapshot;
}

/** Everything a page needs to draw the current (or last) run from scratch. */
export interface LiveSnapshot {
  /** The run shown; set as soon as it is asked for, before the worker describes it in `run`. */
  readonly runId?: number;
  readonly run?: RunDescription;
  readonly status: RunStatus;
  /** File name shown in the header (the path stays on the host). */
  readonly configName?: string;
  readonly history: HistorySnapshot;
  readonly alerts: readonly GradientAlert[];
  readonly summary?: RunSummary;
  readonly report?: ClassificationReport;
  /** Why the run failed to start or broke off. */
  readonly error?: string;
  /** The latest step the worker reported (the history may have merged it into a bucket). */
  readonly lastStep: number;
  /** Set while the file shown has errors: the run shown is from its last valid version. */
  readonly stale?: StaleConfig;
  /** Earlier runs of the same file, most recent first (at most a few). */
  readonly ghosts?: readonly GhostRun[];
  /** 2-D datasets: the samples, and the latest decision boundary. */
  readonly scatter?: ScatterData;
  readonly boundary?: BoundaryGrid;
  /** The epoch of that step (1-based; 0 before any). */
  readonly lastEpoch?: number;
  /** How the run plays (speed, paused). */
  readonly playback?: Playback;
}

/** What a page reports about itself when the host (an integration test) asks. */
export interface LivePageDescription {
  readonly runId?: number;
  readonly status: RunStatus;
  readonly points: number;
  readonly lastStep: number;
  readonly layers: number;
  readonly alerts: readonly AlertKind[];
  /** Chart id -> whether its canvas has drawn pixels. */
  readonly charts: Readonly<Record<string, boolean>>;
  /** The last per-layer norms drawn (to tell one run's charts from another's). */
  readonly lastLayerNorms: readonly number[];
  readonly lastLoss: number;
  /** Date.now() when this run's first chart was drawn (the save-to-chart figure). */
  readonly firstDrawnAt?: number;
  /** The guide entries the page holds for when it is empty, in order. */
  readonly guide: readonly string[];
  /** Whether that empty state is on screen. */
  readonly emptyShown: boolean;
  /** The playback controls as shown: the progress line, and whether the run is paused. */
  readonly progress: string;
  readonly paused: boolean;
  /** The decision boundary as drawn: frames painted for this run, the step of the last, and a checksum of its pixels. */
  /** The stale marker as shown ('' when the run matches the file). */
  readonly staleText: string;
  /** The comparison line as shown ('' when there is no earlier run), and how many earlier runs are listed. */
  readonly ghostText: string;
  readonly ghosts: number;
  readonly boundary?: { readonly frames: number; readonly step: number; readonly checksum: number; readonly points: number };
}

// ---- host -> live page (Gradients view and training panel) ----
export type ToLivePage =
  | { readonly type: 'snapshot'; readonly snapshot: LiveSnapshot }
  | { readonly type: 'records'; readonly runId: number; readonly records: readonly StepRecord[] }
  | { readonly type: 'alerts'; readonly runId: number; readonly alerts: readonly GradientAlert[] }
  | {
      readonly type: 'status';
      readonly runId: number;
      readonly status: RunStatus;
      readonly summary?: RunSummary;
      readonly error?: string;
    }
  | { readonly type: 'report'; readonly runId: number; readonly report: ClassificationReport }
  | { readonly type: 'progress'; readonly runId: number; readonly step: number; readonly epoch: number }
  | { readonly type: 'scatter'; readonly runId: number; readonly data: ScatterData }
  | { readonly type: 'boundary'; readonly runId: number; readonly boundary: BoundaryGrid }
  | { readonly type: 'ghosts'; readonly runId: number; readonly ghosts: readonly GhostRun[] }
  | { readonly type: 'stale'; readonly runId: number; readonly stale?: StaleConfig }
  /** The playback changed (it applies to whatever run is shown, and to the next ones). */
  | { readonly type: 'playback'; readonly playback: Playback };

/** The empty Gradients view's ways in, in the walkthrough's order ('pick': Train, which asks for a config). */
export type GuideEntry = 'walkthrough' | 'activations' | 'depth' | 'clipping' | 'train' | 'retrain' | 'pick';

// ---- live page -> host (besides 'ready' and 'reply', which the channel handles itself) ----
export type FromLivePage =
  | ShowErrorMessage
  | { readonly type: 'guide'; readonly entry: GuideEntry }
  | { readonly type: 'playback'; readonly playback: Partial<Playback> }
  /** Pause (if playing) and run exactly one batch. */
  | { readonly type: 'stepOnce' }
  /** Forget the earlier runs of the file shown. */
  | { readonly type: 'clearGhosts' }
  | { readonly type: 'startTraining' }
  | { readonly type: 'stopTraining' }
  | { readonly type: 'openTrainingPanel' }
  | { readonly type: 'openConfig' };

/** What a live page saves with setState (the panel serializer hands it back after a window reload). */
export interface LivePageSavedState {
  readonly snapshot?: LiveSnapshot;
}
