/**
 * The state of the run a live view shows, changed only by LiveUpdates: the extension host applies
 * each update to its copy and then posts the very same update to the pages, which apply it to
 * theirs. Records go through the same BoundedHistory on both sides, so a page's charts equal the
 * host's snapshot, and a page that reloads is simply handed that snapshot. Pure.
 */

import type {
  BoundaryGrid,
  ClassificationReport,
  GhostRun,
  GradientAlert,
  LiveSnapshot,
  Playback,
  RunDescription,
  RunStatus,
  RunSummary,
  ScatterData,
  StaleConfig,
  StepRecord,
  ToLivePage,
} from '../protocol';
import { BoundedHistory } from './history';

/** Every message a live page receives except the host's requests. */
export type LiveUpdate = ToLivePage;

export class LiveState {
  history = new BoundedHistory();
  alerts: GradientAlert[] = [];
  runId: number | undefined;
  run: RunDescription | undefined;
  status: RunStatus = 'idle';
  configName: string | undefined;
  summary: RunSummary | undefined;
  report: ClassificationReport | undefined;
  error: string | undefined;
  lastStep = 0;
  lastEpoch = 0;
  scatter: ScatterData | undefined;
  ghosts: readonly GhostRun[] = [];
  stale: StaleConfig | undefined;
  boundary: BoundaryGrid | undefined;
  playback: Playback = { stepsPerSecond: 0, paused: false };
  /** Bumped on every change, so a page redraws only when something changed since it last drew. */
  version = 0;
  /** Bumped when another run replaces the shown one (charts start over, layer colours may change). */
  runVersion = 0;

  get layerNames(): readonly string[] {
    return this.run?.layerNames ?? this.history.latest?.layerNorms.map((_, i) => `${i + 1}`) ?? [];
  }

  get isRunning(): boolean {
    return this.status === 'starting' || this.status === 'running';
  }

  apply(update: LiveUpdate): void {
    if (update.type === 'snapshot') return this.restore(update.snapshot);
    if (update.type === 'playback') {
      this.playback = update.playback;
      this.version++;
      return;
    }
    if (update.runId !== this.runId) return; // a late message of a run that was replaced
    switch (update.type) {
      case 'records':
        this.appendRecords(update.records);
        break;
      case 'alerts':
        this.alerts.push(...update.alerts);
        break;
      case 'status':
        this.status = update.status;
        this.summary = update.summary;
        this.error = update.error;
        break;
      case 'report':
        this.report = update.report;
        break;
      case 'stale':
        this.stale = update.stale;
        break;
      case 'ghosts':
        this.ghosts = update.ghosts;
        break;
      case 'scatter':
        this.scatter = update.data;
        break;
      case 'boundary':
        this.boundary = update.boundary;
        break;
      case 'progress':
        if (update.step > this.lastStep) {
          this.lastStep = update.step;
          this.lastEpoch = update.epoch;
        }
        break;
    }
    this.version++;
  }

  private appendRecords(records: readonly StepRecord[]): void {
    for (const r of records) {
      this.history.append(r);
      if (typeof r.step === 'number' && r.step > this.lastStep) {
        this.lastStep = r.step;
        this.lastEpoch = r.epoch;
      }
    }
  }

  restore(s: LiveSnapshot): void {
    if (s.runId !== this.runId) this.runVersion++;
    this.runId = s.runId;
    this.run = s.run;
    this.status = s.status;
    this.configName = s.configName;
    this.history = BoundedHistory.fromSnapshot(s.history);
    this.alerts = s.alerts.slice();
    this.summary = s.summary;
    this.report = s.report;
    this.error = s.error;
    this.lastStep = s.lastStep;
    this.lastEpoch = s.lastEpoch ?? 0;
    this.scatter = s.scatter;
    this.boundary = s.boundary;
    this.ghosts = s.ghosts ?? [];
    this.stale = s.stale;
    if (s.playback) this.playback = s.playback;
    this.version++;
  }

  snapshot(): LiveSnapshot {
    return {
      runId: this.runId,
      run: this.run,
      status: this.status,
      configName: this.configName,
      history: this.history.snapshot(),
      alerts: this.alerts.slice(),
      summary: this.summary,
      report: this.report,
      error: this.error,
      lastStep: this.lastStep,
      lastEpoch: this.lastEpoch,
      playback: this.playback,
      scatter: this.scatter,
      boundary: this.boundary,
      ghosts: this.ghosts,
      stale: this.stale,
    };
  }
}

/** The snapshot that opens a run: nothing recorded yet. */
export function startingSnapshot(runId: number, configName: string, capacity?: number, playback?: Playback, ghosts?: readonly GhostRun[]): LiveSnapshot {
  return {
    playback,
    ghosts,
    runId,
    status: 'starting',
    configName,
    history: new BoundedHistory(capacity).snapshot(),
    alerts: [],
    lastStep: 0,
  };
}
