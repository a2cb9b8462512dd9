export { Trainer, type StepOutcome } from './trainer';
export { runTraining, type RunOptions } from './run';
export { buildModel, engineHead, layerNames, type InitialParameters } from './model';
export { epochOrder, epochBatches, batchesPerEpoch, plannedSteps } from './schedule';
export { predict, accuracy, accuracyOf, classificationReport } from './evaluate';
export { toBase64 } from './base64';
export { Pacer, type PacerClock } from './playback';
