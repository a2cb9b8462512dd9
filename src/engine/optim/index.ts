export { Optimizer, type Parameter } from './optimizer';
export { SGD, type SgdOptions } from './sgd';
export { Adam, type AdamOptions } from './adam';
export { RMSprop, type RmspropOptions } from './rmsprop';
export * from './registry';
