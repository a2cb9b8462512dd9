/**
 * The web worker side of bench/engineRuntimes/main.ts (bundled for headless Chromium): builds the steps from the
 * peak module's bytes the parent sends once, then times one item per message and answers with its step times.
 */
import type { Timing } from '../job';
import { measureWall, type EngineItem } from './measureWall';
import { engineSteps } from './steps';

type Request = { readonly peakBytes: Uint8Array<ArrayBuffer> } | { readonly item: EngineItem; readonly timing: Timing };

let steps: ReturnType<typeof engineSteps> | null = null;

self.onmessage = (e: MessageEvent<Request>) => {
  try {
    if ('peakBytes' in e.data) {
      steps = engineSteps(e.data.peakBytes);
      self.postMessage({ ready: true });
    } else {
      self.postMessage({ ms: measureWall(steps!(e.data.item), e.data.timing) });
    }
  } catch (err) {
    self.postMessage({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
};
