/**
 * The page's side of the depth web workers. A webview may only start workers from blob: URLs, so the
 * script is fetched once from its webview URI and every worker is started from the same blob.
 *
 * Two roles: the live worker recomputes the analysis while a slider moves (latest request wins:
 * requests that arrive while it computes replace each other, and only the newest is sent next), and
 * the background worker runs sweeps and training runs, which report progress and can be cancelled.
 * A worker stuck on a huge setting (depth 200 × width 256) while newer settings wait is terminated
 * and replaced, so the panel never waits on a computation nobody wants any more.
 */
import type { DepthSettings, TrainingSettings } from '../../analysis/depth/settings';
import type { DepthAnalysis, DepthSweep, TrainingComparison } from '../../analysis/depth/types';
import type { FromDepthWorker, ToDepthWorker } from '../../protocol';

/** How long the live worker may stay busy while newer settings wait before it is replaced. */
const STALE_AFTER_MS = 1500;
/**
 * Requests closer together than this mean a control is being dragged: they ask for the float32 preview; once
 * the input has been still this long the newest settings are computed again in float64.
 */
export const SETTLE_AFTER_MS = 150;

export interface AnalysisOutcome {
  readonly settings: DepthSettings;
  readonly analysis: DepthAnalysis | null;
  /** Set when the settings could not be analysed (for example a custom expression that does not parse). */
  readonly error: { readonly message: string; readonly field: string | null } | null;
  readonly computeMs: number;
  /** What the worker computed with (null when it failed before answering). */
  readonly kernels: 'webassembly' | 'javascript' | null;
  /** float32: a preview shown while a control is dragged, replaced by the float64 analysis once it settles. */
  readonly precision: 'float32' | 'float64';
}

type Precision = 'preview' | 'exact';

export async function loadWorkerScript(workerUrl: string): Promise<string> {
  const response = await fetch(workerUrl);
  if (!response.ok) throw new Error(`Could not load the depth worker (${response.status})`);
  const blob = new Blob([await response.text()], { type: 'text/javascript' });
  return URL.createObjectURL(blob);
}

let nextJobId = 1;

/** The live worker: analysis only, newest settings first. */
export class LiveAnalysis {
  private worker: Worker;
  private busy: { jobId: number; settings: DepthSettings; since: number } | null = null;
  private pending: { settings: DepthSettings; precision: Precision } | null = null;
  private lastRequestAt = -Infinity;
  /** The newest settings asked for, and whether they were asked for as a preview (then a settle is due). */
  private newest: { settings: DepthSettings; precision: Precision } | null = null;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private settledWaiters: Array<(o: AnalysisOutcome | null) => void> = [];
  private last: AnalysisOutcome | null = null;

  constructor(
    private readonly blobUrl: string,
    private readonly onOutcome: (outcome: AnalysisOutcome) => void,
  ) {
    this.worker = this.spawn();
  }

  /** Asks for an analysis of `settings`; superseded by any later request made before it starts. */
  request(settings: DepthSettings): void {
    const now = performance.now();
    const precision: Precision = now - this.lastRequestAt < SETTLE_AFTER_MS ? 'preview' : 'exact';
    this.lastRequestAt = now;
    this.newest = { settings, precision };
    this.pending = { settings, precision };
    clearTimeout(this.settleTimer);
    this.settleTimer = precision === 'preview' ? setTimeout(() => this.settle(), SETTLE_AFTER_MS) : undefined;
    this.pump();
  }

  /** Asks for exactly this precision, with no settling afterwards (the benchmark times each kind of step). */
  requestWith(settings: DepthSettings, precision: Precision): void {
    clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    this.newest = { settings, precision: 'exact' };
    this.pending = { settings, precision };
    this.pump();
  }

  /** The input has been still: the newest settings, if they were previewed, are computed in float64. */
  private settle(): void {
    this.settleTimer = undefined;
    if (this.newest?.precision === 'preview') {
      this.newest = { settings: this.newest.settings, precision: 'exact' };
      this.pending = this.newest;
      this.pump();
    } else this.resolveIfSettled(this.last);
  }

  /**
   * Resolves with the newest outcome once nothing is pending or computing and no float32 preview is left
   * on screen (so a settled outcome is always the float64 analysis, the CLI's numbers).
   */
  whenSettled(): Promise<AnalysisOutcome | null> {
    if (this.isSettled()) return Promise.resolve(this.last);
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  private isSettled(): boolean {
    return !this.busy && !this.pending && this.settleTimer === undefined;
  }

  private resolveIfSettled(outcome: AnalysisOutcome | null): void {
    if (!this.isSettled()) return;
    const waiters = this.settledWaiters;
    this.settledWaiters = [];
    for (const w of waiters) w(outcome);
  }

  get latest(): AnalysisOutcome | null {
    return this.last;
  }

  dispose(): void {
    clearTimeout(this.watchdog);
    clearTimeout(this.settleTimer);
    this.worker.terminate();
  }

  private spawn(): Worker {
    const worker = new Worker(this.blobUrl, { name: 'gradient-lab-depth-live' });
    worker.onmessage = (e: MessageEvent<FromDepthWorker>) => this.received(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      if (!this.busy) return;
      const error = { message: e.message || 'The depth worker failed', field: null };
      this.finish({ settings: this.busy.settings, analysis: null, error, computeMs: 0, kernels: null, precision: 'float64' });
    };
    return worker;
  }

  private pump(): void {
    if (this.busy) {
      if (this.pending && performance.now() - this.busy.since > STALE_AFTER_MS) this.replaceWorker();
      else this.armWatchdog();
      return;
    }
    if (!this.pending) return;
    const { settings, precision } = this.pending;
    this.pending = null;
    const jobId = nextJobId++;
    this.busy = { jobId, settings, since: performance.now() };
    this.post({ type: 'analyze', jobId, settings, precision });
  }

  private armWatchdog(): void {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => this.pump(), STALE_AFTER_MS);
  }

  /** Drops a computation that newer settings made pointless. */
  private replaceWorker(): void {
    this.worker.terminate();
    this.busy = null;
    this.worker = this.spawn();
    this.pump();
  }

  private post(message: ToDepthWorker): void {
    this.worker.postMessage(message);
  }

  private received(m: FromDepthWorker): void {
    if (!this.busy || m.jobId !== this.busy.jobId) return;
    const settings = this.busy.settings;
    if (m.type === 'analysis') {
      this.finish({ settings, analysis: m.analysis, error: null, computeMs: m.computeMs, kernels: m.kernels, precision: m.precision ?? 'float64' });
    } else if (m.type === 'failed') {
      this.finish({ settings, analysis: null, error: { message: m.message, field: m.field }, computeMs: 0, kernels: null, precision: 'float64' });
    }
  }

  private finish(outcome: AnalysisOutcome): void {
    clearTimeout(this.watchdog);
    this.busy = null;
    this.last = outcome;
    this.onOutcome(outcome);
    this.pump();
    this.resolveIfSettled(outcome);
  }
}

export type BackgroundJob =
  | { readonly kind: 'sweep'; readonly settings: DepthSettings; readonly activations: readonly string[]; readonly seeds: number }
  | { readonly kind: 'train'; readonly settings: DepthSettings; readonly training: TrainingSettings };

export interface BackgroundHandlers {
  onSweep?(sweep: DepthSweep, progress: number, done: boolean): void;
  onTraining?(training: TrainingComparison, done: boolean): void;
  onFailed?(message: string): void;
}

/** The background worker: one job of each kind at a time; a new one cancels the old. */
export class BackgroundJobs {
  private readonly worker: Worker;
  private readonly running = new Map<BackgroundJob['kind'], { jobId: number; handlers: BackgroundHandlers; resolve(ok: boolean): void }>();

  constructor(blobUrl: string) {
    this.worker = new Worker(blobUrl, { name: 'gradient-lab-depth-background' });
    this.worker.onmessage = (e: MessageEvent<FromDepthWorker>) => this.received(e.data);
  }

  /** Starts `job`, cancelling the running job of the same kind; resolves true when it completes. */
  run(job: BackgroundJob, handlers: BackgroundHandlers): Promise<boolean> {
    this.cancel(job.kind);
    const jobId = nextJobId++;
    return new Promise<boolean>((resolve) => {
      this.running.set(job.kind, { jobId, handlers, resolve });
      if (job.kind === 'sweep') {
        this.worker.postMessage({ type: 'sweep', jobId, settings: job.settings, activations: job.activations, seeds: job.seeds } satisfies ToDepthWorker);
      } else {
        this.worker.postMessage({ type: 'train', jobId, settings: job.settings, training: job.training } satisfies ToDepthWorker);
      }
    });
  }

  cancel(kind: BackgroundJob['kind']): void {
    const job = this.running.get(kind);
    if (!job) return;
    this.running.delete(kind);
    this.worker.postMessage({ type: 'cancel', jobId: job.jobId } satisfies ToDepthWorker);
    job.resolve(false);
  }

  isRunning(kind: BackgroundJob['kind']): boolean {
    return this.running.has(kind);
  }

  dispose(): void {
    this.worker.terminate();
    for (const kind of [...this.running.keys()]) this.cancel(kind);
  }

  private received(m: FromDepthWorker): void {
    for (const [kind, job] of this.running) {
      if (job.jobId !== m.jobId) continue;
      const finish = (ok: boolean) => {
        this.running.delete(kind);
        job.resolve(ok);
      };
      if (m.type === 'sweep') {
        job.handlers.onSweep?.(m.sweep, m.progress, m.done);
        if (m.done) finish(true);
      } else if (m.type === 'training') {
        job.handlers.onTraining?.(m.training, m.done);
        if (m.done) finish(true);
      } else if (m.type === 'failed') {
        job.handlers.onFailed?.(m.message);
        finish(false);
      }
      return;
    }
  }
}
