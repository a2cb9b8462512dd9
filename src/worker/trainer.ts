/**
 * worker_threads entry: trains off the extension host's thread. Messages in and out are the
 * ToTrainingWorker / FromTrainingWorker unions of src/protocol/training.ts; anything else is
 * ignored (the host is trusted, but a stray message must not crash a run).
 */
import { parentPort } from 'node:worker_threads';
import { isKnownMessage, type HandlerMap } from '../protocol/dispatch';
import type { FromTrainingWorker, ToTrainingWorker } from '../protocol';
import { TrainingRunner } from './training/runner';

if (!parentPort) throw new Error('trainer.js must run as a worker thread');
const port = parentPort;
const runner = new TrainingRunner((message: FromTrainingWorker) => port.postMessage(message));
const known: HandlerMap<ToTrainingWorker> = { start: () => undefined, cancel: () => undefined, playback: () => undefined, stepOnce: () => undefined };

port.on('message', (message: unknown) => {
  if (isKnownMessage(known, message)) runner.receive(message);
});
