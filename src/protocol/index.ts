/** The protocol: every message between extension host, webviews and workers. One file per channel. */
export * from './dispatch';
export * from './rpc';
export * from './common';
export * from './training';
export * from './activationPanel';
export * from './livePage';
export * from './depthPanel';
export * from './landscapePanel';
export * from './testHooks';
