/**
 * The Explore Loss Landscape panel: the state the page persists, what the host asks the page (the
 * integration tests ask through the host) and the page's answers. The page computes everything
 * itself (the surfaces are cheap; the network slice runs in its web worker).
 */

import type { CommonFromWebview } from './common';
import type { Clipping, DescentOptimizer } from '../landscape/descent';
import type { SurfaceName, View } from '../landscape/surfaces';
import type { NetworkSliceRequest, NetworkSliceResult } from '../landscape/networkSlice';

export const LANDSCAPE_VIEW_TYPE = 'gradientLab.landscapePanel';
export const EXPLORE_LANDSCAPE_COMMAND = 'gradientLab.exploreLandscape';
export const CONFIG_LANDSCAPE_COMMAND = 'gradientLab.configLandscape';

/** Which surface the page shows: a named one, or the custom expression. */
export type LandscapeSurfaceChoice = SurfaceName | 'custom';

export interface LandscapePanelState {
  readonly version: 1;
  readonly surface: LandscapeSurfaceChoice;
  /** k of the bowl ½(k x² + y²). */
  readonly condition: number;
  /** The custom expression in x and y (kept while another surface is shown). */
  readonly expression: string;
  /** The visible rectangle (after pan and zoom); null = the surface's own view. */
  readonly view: View | null;
  /** The pinned point p; null = the surface's start. */
  readonly pinned: readonly [number, number] | null;
  /** The direction u, as an angle in radians from the +x axis. */
  readonly angle: number;
  readonly showArrows: boolean;
  /** The optimizers that race from p. */
  readonly racers: readonly DescentOptimizer[];
  /** Learning rates: one for SGD and its momentum variants, one for Adam and RMSprop; null = the surface's. */
  readonly lrSgd: number | null;
  readonly lrAdaptive: number | null;
  readonly momentum: number;
  readonly beta1: number;
  readonly beta2: number;
  /** RMSprop's smoothing constant. */
  readonly alpha: number;
  readonly steps: number;
  readonly clipping: Clipping;
  /** The network slice (on a *.gradlab.json), when the panel was opened for one. */
  readonly network: NetworkSliceRequest | null;
}

// ---- host -> page ----

export type ToLandscapePanel =
  /** Shows the loss surface of a network config (sent by "Loss Landscape of This Config"). */
  { readonly type: 'showNetwork'; readonly slice: NetworkSliceRequest };

export type FromLandscapePanel = CommonFromWebview;

export interface RacerSnapshot {
  readonly optimizer: DescentOptimizer;
  /** Steps drawn so far. */
  readonly shown: number;
  readonly divergedAtStep: number | null;
  /** The point drawn last [x, y, f]. */
  readonly last: readonly [number, number, number];
  /** The angle between the raw and clipped gradient of the step drawn last, in degrees. */
  readonly clipAngleDegrees: number | null;
}

/** What the page shows right now: the reply to snapshot, apply, pin and race. */
export interface LandscapeSnapshot {
  readonly state: LandscapePanelState;
  /** The first sentence on the panel. */
  readonly lesson: string;
  readonly formula: string;
  /** The readouts as displayed, keyed by name (value, gradient, gradientNorm, derivative, finiteDifference, angle). */
  readonly readouts: Readonly<Record<string, string>>;
  /** The same numbers unformatted. */
  readonly numbers: {
    readonly value: number;
    readonly gradient: readonly [number, number];
    readonly derivative: number;
    readonly finiteDifference: number;
    readonly angleDegrees: number;
  };
  readonly racers: readonly RacerSnapshot[];
  /** Why a racer diverges, as displayed (empty when none does). */
  readonly divergence: string;
  /** The expression's inline error as displayed, or null. */
  readonly error: string | null;
  readonly contours: { readonly scale: 'linear' | 'log'; readonly bands: number; readonly holes: number; readonly gridPoints: number };
  /** The network slice on screen, if any. */
  readonly network: { readonly status: string; readonly done: boolean } | null;
}

export interface LandscapeBenchmark {
  readonly runs: number;
  readonly gridPoints: number;
  /** Per run, ms: evaluating f on the grid, bands and paint, and the whole redraw including the canvas. */
  readonly gridMs: readonly number[];
  readonly totalMs: readonly number[];
  readonly medianGridMs: number;
  readonly medianTotalMs: number;
}

// ---- page <-> web worker (the network slice) ----

export type ToLandscapeWorker =
  | { readonly type: 'slice'; readonly jobId: number; readonly request: NetworkSliceRequest }
  | { readonly type: 'cancel'; readonly jobId: number };

export type FromLandscapeWorker =
  | { readonly type: 'progress'; readonly jobId: number; readonly done: number; readonly total: number; readonly phase: 'training' | 'grid' }
  | { readonly type: 'result'; readonly jobId: number; readonly result: NetworkSliceResult; readonly computeMs: number }
  | { readonly type: 'failed'; readonly jobId: number; readonly message: string };
