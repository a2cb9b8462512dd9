import type * as vscode from 'vscode';
import type { CheckFunction } from './configChecks';
import type { GradientsViewProvider } from './gradientsView';
import { HostWorkMeter, timed } from './hostWork';
import type { LiveLoop } from './liveLoop';
import type { LiveRun } from './liveRun';
import type { LiveResourceCounts } from './resources';
import type { TrainingSession } from './session';
import type { TrainingPanels } from './trainingPanel';

/** The parts of the feature whose counters and events the meters read. */
export interface MeteredParts {
  readonly session: TrainingSession;
  readonly live: LiveRun;
  readonly loop: LiveLoop;
  readonly view: GradientsViewProvider;
  readonly panels: TrainingPanels;
}

/**
 * What the integration tests measure of live training, attached only when VS Code runs the
 * extension's tests (registerTrainingFeature creates it then, and the extension's API hands it
 * out): the parts expose plain counters and events, and this adds them up. The product never
 * reads any of it.
 */
export class TrainingMeters implements vscode.Disposable {
  private readonly work = new HostWorkMeter();
  private parts: MeteredParts | undefined;
  private runs = 0;
  private readonly subscriptions: vscode.Disposable[] = [];

  /** checkConfig, timed as "validate": every real parse and check of a config on the host. */
  timedCheck(check: CheckFunction): CheckFunction {
    return (text, options) => timed('validate', () => check(text, options), (done) => this.work.add(done));
  }

  watch(parts: MeteredParts): void {
    this.parts = parts;
    this.subscriptions.push(
      parts.session.onDidWork((done) => this.work.add(done)),
      parts.session.onDidRequestRun(() => this.runs++),
    );
  }

  /** What the feature holds now: workers, timers, listeners, pages. */
  resources(): LiveResourceCounts {
    const p = this.parts;
    if (!p) return { workers: 0, timers: 0, listeners: 0, pages: 0 };
    return {
      workers: p.session.workers,
      timers: p.session.pendingTimers + p.live.pendingTimers + p.loop.pendingTimers,
      listeners: p.live.listenerCount,
      pages: (p.view.page ? 1 : 0) + (p.panels.page ? 1 : 0),
    };
  }

  /** Time our own code spent on the host thread, per kind of work (see HostWorkMeter). */
  hostWork(): ReturnType<HostWorkMeter['snapshot']> {
    return this.work.snapshot();
  }

  resetHostWork(): void {
    this.work.reset();
  }

  /** How many runs were asked for since activation (restarts included). */
  runsRequested(): number {
    return this.runs;
  }

  dispose(): void {
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }
}
