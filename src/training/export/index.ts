export { exportPytorchScript, generatePytorchScript, seedInteger, type ExportOptions } from './pytorch';
export { encodeState, decodeState, estimateStateBytes, stateTensors, MAX_STATE_BYTES, STATE_MAGIC, type StateTensor, type StateHeader, type StateSize } from './state';
export { expressionToTorch, torchActivationCall, pyNum } from './torchActivation';
