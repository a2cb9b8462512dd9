import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
import {
  dispatch,
  isKnownMessage,
  type ClassificationReport,
  type FromTrainingWorker,
  type HandlerMap,
  type RunDescription,
  type RunSummary,
  type StepRecord,
  type ToTrainingWorker,
} from '../../protocol';
import { Disposable } from '../disposable';
import type { ResourceCounter } from './resources';

export interface RunRequest {
  readonly runId: number;
  readonly configPath: string;
  readonly configText: string;
}

export type RunEnd =
  | { readonly runId: number; readonly status: 'completed' | 'cancelled' | 'diverged'; readonly summary?: RunSummary }
  | { readonly runId: number; readonly status: 'failed'; readonly error: string };

interface ActiveRun extends RunRequest {
  readonly worker: Worker;
  readonly handlers: HandlerMap<FromTrainingWorker>;
}

/**
 * Owns the training worker and the run ids. One run at a time, each in its own worker thread, so
 * that cancelling is immediate and certain: the worker is terminated, whatever it was computing,
 * and any message it had already sent is dropped by run id. A worker lives exactly as long as its
 * run: when the run ends, is cancelled or the session is disposed, nothing is left running.
 * (Starting a thread costs ~40 ms off the host's event loop; restarts are rare thanks to the
 * restart policy, so certainty wins over reuse.)
 */
export class TrainingSession extends Disposable {
  private nextRunId = 1;
  private active: ActiveRun | undefined;

  private readonly startEmitter = this.register(new vscode.EventEmitter<RunRequest>());
  private readonly describeEmitter = this.register(new vscode.EventEmitter<RunDescription>());
  private readonly recordsEmitter = this.register(new vscode.EventEmitter<{ runId: number; records: readonly StepRecord[] }>());
  private readonly reportEmitter = this.register(new vscode.EventEmitter<{ runId: number; report: ClassificationReport }>());
  private readonly endEmitter = this.register(new vscode.EventEmitter<RunEnd>());
  /** A run was asked for (before the worker has loaded anything). */
  readonly onDidRequestRun = this.startEmitter.event;
  /** The worker parsed the config and built the model. */
  readonly onDidStartRun = this.describeEmitter.event;
  readonly onDidRecord = this.recordsEmitter.event;
  readonly onDidReport = this.reportEmitter.event;
  /** Fires exactly once per run id, whatever ended it. */
  readonly onDidEndRun = this.endEmitter.event;

  constructor(
    private readonly workerScript: string,
    private readonly dataDir: string,
    private readonly resources: ResourceCounter,
  ) {
    super();
    this.register({ dispose: () => this.stop() });
  }

  get current(): RunRequest | undefined {
    const a = this.active;
    return a && { runId: a.runId, configPath: a.configPath, configText: a.configText };
  }

  /** Cancels whatever runs and starts `configText` in a fresh worker. Returns the new run id. */
  start(configPath: string, configText: string, maxSteps?: number): number {
    if (this.isDisposed) throw new Error('The training session is closed');
    this.stop();
    const runId = this.nextRunId++;
    const worker = new Worker(this.workerScript, { name: `gradient-lab-trainer-${runId}` });
    // Counted until the thread has really exited, not merely been asked to.
    const lease = this.resources.acquire('workers');
    this.active = { runId, configPath, configText, worker, handlers: this.handlers(runId) };
    worker.on('message', (message: unknown) => this.onMessage(runId, message));
    worker.on('error', (error: Error) => this.end({ runId, status: 'failed', error: error.message }));
    worker.on('exit', (code) => {
      lease.dispose();
      if (this.active?.runId === runId) {
        this.end({ runId, status: 'failed', error: vscode.l10n.t('The training worker stopped unexpectedly (exit code {0}).', code) });
      }
    });
    this.startEmitter.fire({ runId, configPath, configText });
    const start: ToTrainingWorker = { type: 'start', runId, configText, configPath, dataDir: this.dataDir, maxSteps };
    worker.postMessage(start);
    return runId;
  }

  /** Cancels the current run at once. Does nothing when nothing runs. */
  stop(): void {
    const a = this.active;
    if (a) this.end({ runId: a.runId, status: 'cancelled' });
  }

  private end(end: RunEnd): void {
    const a = this.active;
    if (!a || a.runId !== end.runId) return; // already ended (e.g. 'finished' then 'exit')
    this.active = undefined;
    void a.worker.terminate();
    this.endEmitter.fire(end);
  }

  private handlers(runId: number): HandlerMap<FromTrainingWorker> {
    return {
      started: (m) => this.describeEmitter.fire(m.run),
      records: (m) => this.recordsEmitter.fire({ runId, records: m.records }),
      report: (m) => this.reportEmitter.fire({ runId, report: m.report }),
      finished: (m) => this.end({ runId, status: m.summary.status, summary: m.summary }),
      failed: (m) => this.end({ runId, status: 'failed', error: m.message }),
    };
  }

  private onMessage(runId: number, message: unknown): void {
    const a = this.active;
    if (a?.runId !== runId) return; // a late message from a run that was cancelled
    const handlers = a.handlers;
    if (!isKnownMessage(handlers, message)) return;
    const claimed = (message as { runId?: number; run?: RunDescription }).runId ?? (message as { run?: RunDescription }).run?.runId;
    if (claimed !== runId) return;
    void dispatch(handlers, message);
  }
}
