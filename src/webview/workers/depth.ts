/**
 * The depth explorer's web worker: runs the analyses off the page's thread. An analysis is one
 * synchronous computation; sweeps and training runs are generators, advanced a step at a time with a
 * yield to the event loop in between, so a `cancel` (or a newer job) is seen between steps.
 */
import { analyzeDepth } from '../../analysis/depth/analysis';
import { depthSweepSteps } from '../../analysis/depth/sweep';
import { clippingTrainingSteps } from '../../analysis/depth/training';
import { DepthInputError } from '../../analysis/depth/settings';
import { previewDepth } from '../../analysis/depth/preview';
import { PreviewWarmUp } from '../../analysis/depth/previewWarmUp';
import { kernelBackend } from '../../engine';
import { dispatch, isKnownMessage, type FromDepthWorker, type HandlerMap, type ToDepthWorker } from '../../protocol';

declare const self: {
  postMessage(message: FromDepthWorker): void;
  onmessage: ((event: { data: unknown }) => void) | null;
};

const cancelled = new Set<number>();
/** Progress messages are spaced at least this far apart so the page is not flooded. */
const PROGRESS_EVERY_MS = 100;

function failure(jobId: number, e: unknown): FromDepthWorker {
  return {
    type: 'failed',
    jobId,
    message: e instanceof Error ? e.message : String(e),
    field: e instanceof DepthInputError ? e.field : null,
  };
}

const yieldToEvents = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Advances `steps` until done or cancelled, reporting progress now and then and the final value. */
async function drive<P, R>(
  jobId: number, steps: Generator<P, R>, report: (value: P | R, done: boolean) => FromDepthWorker,
): Promise<void> {
  let lastReport = 0;
  try {
    for (;;) {
      const next = steps.next();
      if (next.done) {
        self.postMessage(report(next.value, true));
        return;
      }
      if (performance.now() - lastReport > PROGRESS_EVERY_MS) {
        lastReport = performance.now();
        self.postMessage(report(next.value, false));
      }
      await yieldToEvents();
      if (cancelled.has(jobId)) return;
    }
  } catch (e) {
    self.postMessage(failure(jobId, e));
  } finally {
    cancelled.delete(jobId);
  }
}

/** Started after the first float64 analysis; any preview or other job stops it (see previewWarmUp.ts). */
const warmUp = new PreviewWarmUp();

const handlers: HandlerMap<ToDepthWorker> = {
  analyze: (m) => {
    if (m.precision === 'preview' || warmUp.running) warmUp.stop();
    const t0 = performance.now();
    try {
      const preview = m.precision === 'preview' ? previewDepth(m.settings) : null;
      const analysis = preview ?? analyzeDepth(m.settings);
      self.postMessage({
        type: 'analysis', jobId: m.jobId, analysis, computeMs: performance.now() - t0, kernels: kernelBackend(),
        precision: preview ? 'float32' : 'float64',
      });
      if (m.precision !== 'preview') warmUp.start(m.settings);
    } catch (e) {
      self.postMessage(failure(m.jobId, e));
    }
  },
  sweep: (m) =>
    drive(m.jobId, depthSweepSteps(m.settings, m.activations, m.seeds), (v, done) => ({
      type: 'sweep', jobId: m.jobId, sweep: v.sweep, progress: v.progress, done,
    })),
  train: (m) =>
    drive(m.jobId, clippingTrainingSteps(m.settings, m.training), (training, done) => ({
      type: 'training', jobId: m.jobId, training, done,
    })),
  cancel: (m) => {
    cancelled.add(m.jobId);
  },
};

self.onmessage = (event) => {
  if (!isKnownMessage(handlers, event.data)) return;
  if (event.data.type !== 'analyze') warmUp.stop(); // a sweep or training run has the worker from now on
  void dispatch(handlers, event.data);
};
