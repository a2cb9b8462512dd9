/**
 * The training worker's logic, apart from worker_threads so it can be tested in-process: on
 * 'start' it loads the data for the config the host checked, trains and posts what happens; on
 * 'cancel' the current run stops before its next step. Records are posted in batches (RecordBatcher,
 * at most one per FLUSH_MS) so a fast run does not flood the extension host with one message per step.
 */
import { dispatch, type HandlerMap } from '../../protocol/dispatch';
import type { FromTrainingWorker, StepRecord, ToTrainingWorker } from '../../protocol';
import { buildDataset } from '../../training/datasets';
import { batchesPerEpoch, engineHead, Pacer, runTraining, type Trainer } from '../../training/trainer';
import { boundaryExtent, boundaryGrid, isPlanar, scatterData } from '../../training/trainer/boundary';
import { loadDataSources } from '../../node/loadData';
import { RecordBatcher, realClock } from './batcher';
/** The decision boundary is sent at most this often: 12 frames per second. */
export const BOUNDARY_MS = 80;

type Start = Extract<ToTrainingWorker, { type: 'start' }>;

export class TrainingRunner {
  private current: { runId: number; cancelled: boolean; pacer: Pacer } | undefined;
  /** Runs one after another: a start while running cancels the running one first. */
  private queue: Promise<void> = Promise.resolve();
  private readonly handlers: HandlerMap<ToTrainingWorker> = {
    start: (m) => this.start(m),
    cancel: (m) => {
      if (this.current?.runId === m.runId) this.cancel(this.current);
    },
    playback: (m) => {
      if (this.current?.runId === m.runId) this.current.pacer.set(m.playback);
    },
    stepOnce: (m) => {
      if (this.current?.runId === m.runId) this.current.pacer.stepOnce();
    },
  };

  private cancel(run: { cancelled: boolean; pacer: Pacer }): void {
    run.cancelled = true;
    run.pacer.stop(); // a paused or paced run is waiting: release it
  }

  constructor(private readonly post: (message: FromTrainingWorker) => void, private readonly now: () => number = Date.now) {}

  receive(message: ToTrainingWorker): void {
    void dispatch(this.handlers, message);
  }

  /** Resolves when every run asked for so far has ended. */
  idle(): Promise<void> {
    return this.queue;
  }

  private start(m: Start): void {
    if (this.current) this.cancel(this.current);
    this.queue = this.queue.then(() => this.run(m));
  }

  private async run(m: Start): Promise<void> {
    // Paused, the run says exactly where it stopped.
    const pacer = new Pacer(m.playback ?? { stepsPerSecond: 0, paused: false }, { now: this.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) }, () => flush());
    const run = { runId: m.runId, cancelled: false, pacer };
    this.current = run;
    let trainer: Trainer | undefined;
    let postedStep = 0;
    const batches = new RecordBatcher((records: StepRecord[]) => {
      if (records.length > 0) this.post({ type: 'records', runId: m.runId, records });
      // Steps between two records still count: the pages show where the run is, not only what was recorded.
      if (trainer && trainer.steps > postedStep) {
        postedStep = trainer.steps;
        this.post({ type: 'progress', runId: m.runId, step: trainer.steps, epoch: trainer.currentEpoch });
      }
    }, realClock(this.now));
    const flush = () => batches.flush();
    try {
      const config = m.config;
      const sources = await loadDataSources(config.data, {
        dataDir: m.dataDir, configPath: m.configPath, mnistIdxFolder: m.mnistIdxFolder, fullMnistFolders: m.fullMnistFolders,
      });
      const dataset = buildDataset(config.data, config.seed, sources);
      const scatter = isPlanar(dataset) ? scatterData(dataset) : undefined;
      const planar = scatter && { extent: boundaryExtent(scatter) };
      let lastBoundary = -Infinity;
      const summary = await runTraining({
        config,
        dataset,
        maxSteps: m.maxSteps,
        now: this.now,
        isCancelled: () => run.cancelled,
        pace: pacer,
        onStart: (t) => {
          trainer = t;
          const epochs = Math.ceil(t.totalSteps / batchesPerEpoch(config.data.train, config.batchSize, config.model.batchNorm));
          this.post({
            type: 'started',
            run: { runId: m.runId, configPath: m.configPath, layerNames: t.layerNames, totalSteps: t.totalSteps, dataset: dataset.name, epochs },
          });
          if (scatter) {
            this.post({ type: 'scatter', runId: m.runId, data: scatter });
            this.post({ type: 'boundary', runId: m.runId, boundary: boundaryGrid(t.model, dataset.classes, engineHead(config), planar!.extent, 0) });
          }
        },
        onStep: (t, single) => {
          // The boundary a few times per second (and after every single step): the grid costs one forward pass of 10,000 rows.
          if (planar && (single || this.now() - lastBoundary >= BOUNDARY_MS || t.done)) {
            lastBoundary = this.now();
            flush(); // the charts' step first, then the picture of it
            this.post({ type: 'boundary', runId: m.runId, boundary: boundaryGrid(t.model, dataset.classes, engineHead(config), planar.extent, t.steps) });
          }
        },
        onRecord: (record, single) => batches.push(record, single || record.step === 1),
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
