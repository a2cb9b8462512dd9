import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { ClassificationReport, GhostRun, GradientAlert, Playback, RunDescription, StaleConfig, StepRecord } from '../../protocol';
import { configChanges, describeChanges } from '../../training/configDiff';
import { AlertDetector, type AlertThresholds } from '../../training/history';
import { LiveState, startingSnapshot, type LiveUpdate } from '../../training/liveState';
import { Disposable } from '../disposable';
import { PendingTimers } from './resources';
import type { RunEnd, RunRequest, TrainingSession } from './session';

/** After a non-finite record the trainer normally stops by itself with its diagnosis; else we stop it. */
export const DIVERGENCE_GRACE_MS = 500;
/** Earlier runs of a file kept for comparison. */
export const MAX_GHOSTS = 3;

/**
 * The current (or last) run as the pages draw it. Turns the session's events into LiveUpdates,
 * applies each to its own LiveState and hands the same update to the pages, so host and pages
 * agree. Records come already batched by the worker (its RecordBatcher is the one throttle) and
 * go on to the pages batch for batch. Detects alerts on every record, and stops a run whose gradients became non-finite if
 * the trainer does not stop it by itself (with its own diagnosis) right away. The state outlives the run: charts stay until the next run.
 */
export class LiveRun extends Disposable {
  private readonly live = new LiveState();
  private detector: AlertDetector;
  private request: RunRequest | undefined;
  private divergedByAlert = false;
  /** Earlier runs per config path, most recent first. */
  private readonly ghosts = new Map<string, GhostRun[]>();
  private divergenceTimer: unknown;
  private readonly emitter = this.register(new vscode.EventEmitter<LiveUpdate>());
  private readonly timers = new PendingTimers();
  private listeners = 0;

  constructor(
    private readonly session: TrainingSession,
    private readonly thresholds: () => AlertThresholds,
  ) {
    super();
    this.detector = new AlertDetector(thresholds());
    this.register(session.onDidRequestRun((r) => this.begin(r)));
    this.register(session.onDidStartRun((d) => this.describe(d)));
    this.register(session.onDidRecord((e) => this.record(e.runId, e.records)));
    this.register(session.onDidReport((e) => this.reportReceived(e.runId, e.report)));
    this.register(session.onDidProgress((e) => this.progress(e.runId, e.step, e.epoch)));
    // Already rate-limited by the worker (BOUNDARY_MS), after the records they follow.
    this.register(session.onDidPlane((m) => m.runId === this.live.runId && this.update(m.type === 'scatter' ? { type: 'scatter', runId: m.runId, data: m.data } : { type: 'boundary', runId: m.runId, boundary: m.boundary })));
    this.register(session.onDidEndRun((e) => this.end(e)));
    this.register({ dispose: () => this.cancelDivergenceStop() });
  }

  /** Subscribes to the updates the pages get; counted (listenerCount), so closed pages can be seen to unsubscribe. */
  readonly onDidChange: vscode.Event<LiveUpdate> = (listener, thisArgs, disposables) => {
    const inner = this.emitter.event(listener, thisArgs);
    this.listeners++;
    let subscribed = true;
    const subscription = {
      dispose: () => {
        if (!subscribed) return;
        subscribed = false;
        this.listeners--;
        inner.dispose();
      },
    };
    disposables?.push(subscription);
    return subscription;
  };

  /** Subscribers to onDidChange now. */
  get listenerCount(): number {
    return this.listeners;
  }

  /** Timers pending (the stop after a non-finite record). */
  get pendingTimers(): number {
    return this.timers.count;
  }

  /** What the pages show (read only: change it through updates). */
  get state(): Omit<LiveState, 'apply' | 'restore'> {
    return this.live;
  }

  get configPath(): string | undefined {
    return this.request?.configPath;
  }

  get configText(): string | undefined {
    return this.request?.configText;
  }

  private update(u: LiveUpdate): void {
    this.live.apply(u);
    this.emitter.fire(u);
  }

  /**
   * A new run of the file shown keeps the one it replaces (when it got anywhere) as a ghost, named by
   * what the new config changes; the last MAX_GHOSTS of each file are kept. Returns the new run's ghosts.
   */
  private keepAsGhost(next: RunRequest): readonly GhostRun[] {
    const previous = this.request;
    const kept = this.ghosts.get(next.configPath) ?? [];
    if (!previous || previous.configPath !== next.configPath || this.live.history.length === 0) return kept;
    const change = describeChanges(configChanges(previous.configText, next.configText), {
      more: (n) => vscode.l10n.t('+{0} more', n),
      same: vscode.l10n.t('same config'),
    });
    const ghost: GhostRun = {
      runId: this.live.runId ?? 0,
      change,
      status: this.live.status,
      finalLoss: this.live.summary?.final_loss ?? this.live.history.latest?.loss ?? NaN,
      lastStep: this.live.lastStep,
      history: this.live.history.snapshot(),
    };
    const ghosts = [ghost, ...kept].slice(0, MAX_GHOSTS);
    this.ghosts.set(next.configPath, ghosts);
    return ghosts;
  }

  /** Marks the run shown as coming from the last valid version of its file (undefined: the file is valid again). */
  setStale(stale: StaleConfig | undefined): void {
    if (this.live.runId === undefined) return;
    if (JSON.stringify(stale) === JSON.stringify(this.live.stale)) return;
    this.update({ type: 'stale', runId: this.live.runId, stale });
  }

  /** Forgets the earlier runs of the file shown (the pages' Clear button). */
  clearGhosts(): void {
    const path = this.request?.configPath;
    if (path === undefined || this.live.runId === undefined) return;
    this.ghosts.delete(path);
    this.update({ type: 'ghosts', runId: this.live.runId, ghosts: [] });
  }

  private begin(r: RunRequest): void {
    const ghosts = this.keepAsGhost(r); // before anything of the run it replaces is reset
    this.cancelDivergenceStop();
    this.request = r;
    this.detector = new AlertDetector(this.thresholds());
    this.divergedByAlert = false;
    this.update({ type: 'snapshot', snapshot: startingSnapshot(r.runId, basename(r.configPath), undefined, this.session.playback, ghosts) });
  }

  /** Speed or pause, from a page's controls or the setting; applies to this run and the next ones. */
  setPlayback(change: Partial<Playback>): void {
    const current = this.session.playback;
    const stepsPerSecond = typeof change.stepsPerSecond === 'number' && change.stepsPerSecond >= 0 ? change.stepsPerSecond : current.stepsPerSecond;
    const paused = typeof change.paused === 'boolean' ? change.paused : current.paused;
    this.session.setPlayback({ stepsPerSecond, paused });
    this.update({ type: 'playback', playback: this.session.playback });
  }

  /** Pauses (if playing) and runs exactly one batch, which is recorded. */
  stepOnce(): void {
    if (!this.session.playback.paused) this.setPlayback({ paused: true });
    this.session.stepOnce();
  }

  private describe(run: RunDescription): void {
    if (run.runId !== this.live.runId) return;
    this.update({ type: 'snapshot', snapshot: { ...this.live.snapshot(), run, status: 'running' } });
  }

  private record(runId: number, records: readonly StepRecord[]): void {
    if (runId !== this.live.runId) return;
    const raised: GradientAlert[] = [];
    for (const r of records) raised.push(...this.detector.observe(r));
    this.update({ type: 'records', runId, records }); // the alert's step is on the pages' charts before the alert
    if (raised.length) this.raise(runId, raised);
    if (raised.some((a) => a.kind === 'nonFinite') && this.divergenceTimer === undefined) {
      this.divergenceTimer = this.timers.set(() => {
        this.divergenceTimer = undefined;
        if (this.session.current?.runId !== runId) return;
        this.divergedByAlert = true;
        this.session.stop();
      }, DIVERGENCE_GRACE_MS);
    }
  }

  /** The worker says where the run is with each batch of records, and when it pauses. */
  private progress(runId: number, step: number, epoch: number): void {
    if (runId === this.live.runId) this.update({ type: 'progress', runId, step, epoch });
  }

  private raise(runId: number, alerts: readonly GradientAlert[]): void {
    this.update({ type: 'alerts', runId, alerts });
  }

  private reportReceived(runId: number, report: ClassificationReport): void {
    if (runId === this.live.runId) this.update({ type: 'report', runId, report });
  }

  private end(e: RunEnd): void {
    if (e.runId !== this.live.runId) return;
    this.cancelDivergenceStop();
    if (e.status === 'failed') {
      this.update({ type: 'status', runId: e.runId, status: 'failed', error: e.error });
      return;
    }
    if (e.summary) {
      const late = this.detector.observeSummary(e.summary);
      if (late.length) this.raise(e.runId, late);
    }
    const status = e.status === 'cancelled' && this.divergedByAlert ? 'diverged' : e.status;
    this.update({ type: 'status', runId: e.runId, status, summary: e.summary });
  }

  private cancelDivergenceStop(): void {
    if (this.divergenceTimer !== undefined) this.timers.clear(this.divergenceTimer);
    this.divergenceTimer = undefined;
  }
}
