import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
import {
  dispatch,
  isKnownMessage,
  type ClassificationReport,
  type FromTrainingWorker,
  type HandlerMap,
  type Playback,
  type RunDescription,
  type RunSummary,
  type StepRecord,
  type ToTrainingWorker,
} from '../../protocol';
import type { TrainingConfig } from '../../training/config';
import { Disposable } from '../disposable';
import { dataFolderOutside } from './trust';
import { timed, type HostWork } from './hostWork';
import { PendingTimers } from './resources';

/** A config file as it is now, checked on the host: what a run starts from. */
export interface ConfigToRun {
  readonly uri: vscode.Uri;
  readonly text: string;
  /** The validated config (plain data: the worker receives it as it is and does not parse the text again). */
  readonly config: TrainingConfig;
}

export interface RunRequest {
  readonly runId: number;
  readonly configPath: string;
  readonly configText: string;
}

export type RunEnd =
  | { readonly runId: number; readonly status: 'completed' | 'cancelled' | 'diverged'; readonly summary?: RunSummary }
  | { readonly runId: number; readonly status: 'failed'; readonly error: string };

type StartMessage = Extract<ToTrainingWorker, { type: 'start' }>;

/** A restart waits this long for the worker to drop the old run before replacing the worker. */
export const CANCEL_GRACE_MS = 1000;
/** A worker with nothing to do is kept this long, warm (its schema compiled), for the next save. */
export const IDLE_WORKER_MS = 30_000;

/**
 * The worker's JavaScript heap is capped so a run that outgrows its estimate ends in that worker
 * ("out of memory": the run fails) instead of taking the extension host's process down. Tensors
 * live outside this heap (typed arrays); they are bounded by the memory estimate checked first.
 */
export const WORKER_RESOURCE_LIMITS = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64, stackSizeMb: 8 } as const;

/** In Restricted Mode, why the config may not run (it reads data outside the workspace), else undefined. */
function restrictedModeRefusal(configText: string, configPath: string): string | undefined {
  if (vscode.workspace.isTrusted) return undefined;
  const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const outside = dataFolderOutside(configText, configPath, roots);
  return outside === undefined
    ? undefined
    : vscode.l10n.t('Restricted Mode: this config reads data from {0}, outside the workspace folder. Trust the workspace to allow it (Manage Workspace Trust), or copy the data into the workspace.', outside);
}

interface LiveWorker {
  readonly worker: Worker;
  /** Runs told to cancel whose end the worker has not yet confirmed. */
  readonly cancelling: Set<number>;
}

/**
 * Owns the training worker thread and the run ids; one run at a time. For the user a cancel is
 * immediate: the run ends at once and any late message of it is dropped by run id. Underneath:
 * - a restart (a new run while one runs) reuses the worker, which stops the old run between two
 *   steps; if it has not confirmed within CANCEL_GRACE_MS it is terminated and the new run starts
 *   in a fresh worker;
 * - Stop, closing the file and dispose terminate the worker outright;
 * - a run that ends by itself leaves the worker idle, and an idle worker exits after IDLE_WORKER_MS.
 */
export class TrainingSession extends Disposable {
  private nextRunId = 1;
  private active: (RunRequest & { readonly start: StartMessage }) | undefined;
  private host: LiveWorker | undefined;
  private idleTimer: unknown;
  private graceTimer: unknown;
  private readonly timers = new PendingTimers();
  /** Worker threads started and not yet exited. */
  private workersAlive = 0;
  /** How runs play; a new run starts playing (not paused) at the current speed. */
  private playbackState: Playback;

  private readonly requestEmitter = this.register(new vscode.EventEmitter<RunRequest>());
  private readonly startEmitter = this.register(new vscode.EventEmitter<RunDescription>());
  private readonly recordsEmitter = this.register(new vscode.EventEmitter<{ runId: number; records: readonly StepRecord[] }>());
  private readonly planeEmitter = this.register(new vscode.EventEmitter<Extract<FromTrainingWorker, { type: 'scatter' | 'boundary' }>>());
  private readonly progressEmitter = this.register(new vscode.EventEmitter<{ runId: number; step: number; epoch: number }>());
  private readonly reportEmitter = this.register(new vscode.EventEmitter<{ runId: number; report: ClassificationReport }>());
  private readonly endEmitter = this.register(new vscode.EventEmitter<RunEnd>());
  private readonly workEmitter = this.register(new vscode.EventEmitter<HostWork>());
  /** A run was asked for (before the worker has loaded anything). */
  readonly onDidRequestRun = this.requestEmitter.event;
  /** The worker loaded the data and built the model. */
  readonly onDidStartRun = this.startEmitter.event;
  readonly onDidRecord = this.recordsEmitter.event;
  readonly onDidReport = this.reportEmitter.event;
  /** 2-D datasets: the samples, then the decision boundary a few times per second. */
  readonly onDidPlane = this.planeEmitter.event;
  /** Where the run is (between records too). */
  readonly onDidProgress = this.progressEmitter.event;
  /** Fires exactly once per run id, whatever ended it. */
  readonly onDidEndRun = this.endEmitter.event;
  /** Each piece of synchronous work done on the host's thread (starting a worker, handling its messages), timed. */
  readonly onDidWork = this.workEmitter.event;

  constructor(
    private readonly workerScript: string,
    private readonly dataDir: string,
    /** Read at each start: the folder of the full MNIST IDX files, when the user set one. */
    private readonly mnistIdxFolder: () => string | undefined = () => undefined,
    /** Read at each start: where else the full MNIST may be (the Get Full MNIST download). */
    private readonly fullMnistFolders: () => readonly string[] = () => [],
    stepsPerSecond = 0,
  ) {
    super();
    this.playbackState = { stepsPerSecond, paused: false };
    this.register({ dispose: () => this.stop() });
  }

  get current(): RunRequest | undefined {
    const a = this.active;
    return a && { runId: a.runId, configPath: a.configPath, configText: a.configText };
  }

  /** Worker threads alive (until they have really exited, not merely been asked to). */
  get workers(): number {
    return this.workersAlive;
  }

  /** Timers pending (the cancel grace period, the idle worker's). */
  get pendingTimers(): number {
    return this.timers.count;
  }

  get playback(): Playback {
    return this.playbackState;
  }

  /** Changes how the current run (and the next ones) play. */
  setPlayback(playback: Playback): void {
    this.playbackState = playback;
    const a = this.active;
    if (a && this.host) this.host.worker.postMessage({ type: 'playback', runId: a.runId, playback } satisfies ToTrainingWorker);
  }

  /** While paused: exactly one more batch of the current run. */
  stepOnce(): void {
    const a = this.active;
    if (a && this.host && this.playbackState.paused) this.host.worker.postMessage({ type: 'stepOnce', runId: a.runId } satisfies ToTrainingWorker);
  }

  /** Ends whatever runs and starts `run`. Returns the new run id. */
  start(run: ConfigToRun, maxSteps?: number): number {
    if (this.isDisposed) throw new Error('The training session is closed');
    const previous = this.active;
    if (previous) {
      this.end({ runId: previous.runId, status: 'cancelled' });
      this.host?.cancelling.add(previous.runId);
      this.host?.worker.postMessage({ type: 'cancel', runId: previous.runId } satisfies ToTrainingWorker);
      this.armGrace();
    }
    const runId = this.nextRunId++;
    const configPath = run.uri.fsPath;
    const configText = run.text;
    const start: StartMessage = {
      type: 'start',
      runId,
      config: run.config,
      configPath,
      dataDir: this.dataDir,
      maxSteps,
      mnistIdxFolder: this.mnistIdxFolder() || undefined,
      fullMnistFolders: this.fullMnistFolders(),
      playback: (this.playbackState = { ...this.playbackState, paused: false }),
    };
    this.active = { runId, configPath, configText, start };
    this.requestEmitter.fire({ runId, configPath, configText });
    const refused = restrictedModeRefusal(configText, configPath);
    if (refused) this.end({ runId, status: 'failed', error: refused });
    else this.worker().postMessage(start);
    return runId;
  }

  /** Stops the current run at once, and the worker with it. */
  stop(): void {
    const a = this.active;
    if (a) this.end({ runId: a.runId, status: 'cancelled' });
    this.terminateWorker();
  }

  private worker(): Worker {
    this.clearTimer('idleTimer');
    if (this.host) return this.host.worker;
    const worker = this.timed('startWorker', () => new Worker(this.workerScript, { name: 'gradient-lab-trainer', resourceLimits: WORKER_RESOURCE_LIMITS }));
    // Counted until the thread has really exited, not merely been asked to.
    this.workersAlive++;
    const host: LiveWorker = { worker, cancelling: new Set() };
    this.host = host;
    worker.on('message', (message: unknown) => this.onMessage(host, message));
    worker.on('error', (error: Error) => this.workerLost(host, error.message));
    worker.on('exit', (code) => {
      this.workersAlive--;
      this.workerLost(host, vscode.l10n.t('The training worker stopped unexpectedly (exit code {0}).', code));
    });
    return worker;
  }

  private terminateWorker(): void {
    this.clearTimer('idleTimer');
    this.clearTimer('graceTimer');
    const host = this.host;
    this.host = undefined;
    if (host) void host.worker.terminate();
  }

  /** The worker crashed or exited by itself: the run it carried fails. */
  private workerLost(host: LiveWorker, error: string): void {
    if (this.host !== host) return; // terminated on purpose
    this.host = undefined;
    this.clearTimer('idleTimer');
    this.clearTimer('graceTimer');
    void host.worker.terminate();
    const a = this.active;
    if (a) this.end({ runId: a.runId, status: 'failed', error });
  }

  /** If the worker does not drop the cancelled run in time, replace it and start the current run afresh. */
  private armGrace(): void {
    if (this.graceTimer !== undefined) return;
    this.graceTimer = this.timers.set(() => {
      this.graceTimer = undefined;
      if (!this.host || this.host.cancelling.size === 0) return;
      this.terminateWorker();
      if (this.active) this.worker().postMessage({ ...this.active.start, playback: this.playbackState });
    }, CANCEL_GRACE_MS);
  }

  private end(end: RunEnd): void {
    const a = this.active;
    if (!a || a.runId !== end.runId) return; // already ended
    this.active = undefined;
    this.endEmitter.fire(end);
    if (!this.active && this.host && this.idleTimer === undefined) {
      this.idleTimer = this.timers.set(() => {
        this.idleTimer = undefined;
        if (!this.active) this.terminateWorker();
      }, IDLE_WORKER_MS);
    }
  }

  private clearTimer(which: 'idleTimer' | 'graceTimer'): void {
    if (this[which] !== undefined) this.timers.clear(this[which]);
    this[which] = undefined;
  }

  private readonly handlers: HandlerMap<FromTrainingWorker> = {
    started: (m) => this.startEmitter.fire(m.run),
    records: (m) => this.recordsEmitter.fire({ runId: m.runId, records: m.records }),
    scatter: (m) => this.planeEmitter.fire(m),
    boundary: (m) => this.planeEmitter.fire(m),
    progress: (m) => this.progressEmitter.fire({ runId: m.runId, step: m.step, epoch: m.epoch }),
    report: (m) => this.reportEmitter.fire({ runId: m.runId, report: m.report }),
    finished: (m) => this.end({ runId: m.runId, status: m.summary.status, summary: m.summary }),
    failed: (m) => this.end({ runId: m.runId, status: 'failed', error: m.message }),
  };

  private onMessage(host: LiveWorker, message: unknown): void {
    if (host !== this.host || !isKnownMessage(this.handlers, message)) return;
    const runId = message.type === 'started' ? message.run.runId : message.runId;
    if ((message.type === 'finished' || message.type === 'failed') && host.cancelling.delete(runId) && host.cancelling.size === 0) {
      this.clearTimer('graceTimer');
    }
    if (runId !== this.active?.runId) return; // a late message from a run that was cancelled
    this.timed(`message:${message.type}`, () => void dispatch(this.handlers, message));
  }

  private timed<T>(kind: string, work: () => T): T {
    return timed(kind, work, (done) => this.workEmitter.fire(done));
  }
}
