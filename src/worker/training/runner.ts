/**
 * The training worker's logic, apart from worker_threads so it can be tested in-process: on
 * 'start' it checks the config again, loads the data, trains and posts what happens; on 'cancel'
 * the current run stops before its next step. Records are posted in batches (at most every
 * FLUSH_MS) so a fast run does not flood the extension host with one message per step.
 */
import { dispatch, type HandlerMap } from '../../protocol/dispatch';
import type { FromTrainingWorker, StepRecord, ToTrainingWorker } from '../../protocol';
import { checkConfig, formatProblem, hasErrors } from '../../training/config';
import { buildDataset } from '../../training/datasets';
import { runTraining } from '../../training/trainer';
import { loadDataSources } from './loadData';

export const FLUSH_MS = 50;

type Start = Extract<ToTrainingWorker, { type: 'start' }>;

export class TrainingRunner {
  private current: { runId: number; cancelled: boolean } | undefined;
  /** Runs one after another: a start while running cancels the running one first. */
  private queue: Promise<void> = Promise.resolve();
  private readonly handlers: HandlerMap<ToTrainingWorker> = {
    start: (m) => this.start(m),
    cancel: (m) => {
      if (this.current?.runId === m.runId) this.current.cancelled = true;
    },
  };

  constructor(private readonly post: (message: FromTrainingWorker) => void, private readonly now: () => number = Date.now) {}

  receive(message: ToTrainingWorker): void {
    void dispatch(this.handlers, message);
  }

  /** Resolves when every run asked for so far has ended. */
  idle(): Promise<void> {
    return this.queue;
  }

  private start(m: Start): void {
    if (this.current) this.current.cancelled = true;
    this.queue = this.queue.then(() => this.run(m));
  }

  private async run(m: Start): Promise<void> {
    const run = { runId: m.runId, cancelled: false };
    this.current = run;
    let pending: StepRecord[] = [];
    let lastFlush = this.now();
    const flush = () => {
      if (pending.length > 0) this.post({ type: 'records', runId: m.runId, records: pending });
      pending = [];
      lastFlush = this.now();
    };
    try {
      const checked = checkConfig(m.configText, { memoryLimitBytes: m.memoryLimitBytes });
      if (!checked.config || hasErrors(checked.problems)) {
        const first = checked.problems.find((p) => p.severity === 'error');
        throw new Error(first ? formatProblem(m.configPath, m.configText, first) : 'invalid config');
      }
      const config = checked.config;
      const sources = loadDataSources(config.data, { dataDir: m.dataDir, configPath: m.configPath, mnistIdxFolder: m.mnistIdxFolder });
      const dataset = buildDataset(config.data, config.seed, sources);
      const summary = await runTraining({
        config,
        dataset,
        maxSteps: m.maxSteps,
        now: this.now,
        isCancelled: () => run.cancelled,
        onStart: (trainer) => this.post({
          type: 'started',
          run: { runId: m.runId, configPath: m.configPath, layerNames: trainer.layerNames, totalSteps: trainer.totalSteps, dataset: dataset.name },
        }),
        onRecord: (record) => {
          pending.push(record);
          if (record.step === 1 || this.now() - lastFlush >= FLUSH_MS) flush();
        },
        onReport: (report) => {
          flush();
          this.post({ type: 'report', runId: m.runId, report });
        },
      });
      flush();
      this.post({ type: 'finished', runId: m.runId, summary });
    } catch (e) {
      flush();
      this.post({ type: 'failed', runId: m.runId, message: e instanceof Error ? e.message : String(e) });
    } finally {
      if (this.current === run) this.current = undefined;
    }
  }
}
