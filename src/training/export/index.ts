export { exportPytorchScript, generatePytorchScript, seedInteger, type ExportOptions } from './pytorch';
export { encodeState, decodeState, stateTensors, STATE_MAGIC, type StateTensor, type StateHeader } from './state';
export { expressionToTorch, torchActivationCall, pyNum } from './torchActivation';
