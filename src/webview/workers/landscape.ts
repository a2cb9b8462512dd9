/**
 * The loss-landscape page's web worker: computes a network's loss slice off the page's thread,
 * posting progress; the computation yields between grid rows, so a `cancel` is seen within a row.
 */
import { computeNetworkSlice, SliceCancelled } from '../../landscape/networkSliceCompute';
import { dispatch, isKnownMessage, type FromLandscapeWorker, type HandlerMap, type ToLandscapeWorker } from '../../protocol';

declare const self: {
  postMessage(message: FromLandscapeWorker): void;
  onmessage: ((event: { data: unknown }) => void) | null;
};

const cancelled = new Set<number>();
const PROGRESS_EVERY_MS = 100;

const handlers: HandlerMap<ToLandscapeWorker> = {
  slice: async (m) => {
    const t0 = performance.now();
    let last = 0;
    try {
      const result = await computeNetworkSlice(m.request, {}, (done, total, phase) => {
        const now = performance.now();
        if (now - last < PROGRESS_EVERY_MS && done < total) return;
        last = now;
        self.postMessage({ type: 'progress', jobId: m.jobId, done, total, phase });
      }, () => cancelled.has(m.jobId));
      self.postMessage({ type: 'result', jobId: m.jobId, result, computeMs: performance.now() - t0 });
    } catch (e) {
      if (!(e instanceof SliceCancelled)) self.postMessage({ type: 'failed', jobId: m.jobId, message: e instanceof Error ? e.message : String(e) });
    } finally {
      cancelled.delete(m.jobId);
    }
  },
  cancel: (m) => {
    cancelled.add(m.jobId);
  },
};

self.onmessage = (event) => {
  if (isKnownMessage(handlers, event.data)) void dispatch(handlers, event.data);
};
