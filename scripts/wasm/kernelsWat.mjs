// The engine's WebAssembly module: one memory and the kernels that share it.
import { gemmWat } from './gemmWat.mjs';
import { normalsWat } from './normalsWat.mjs';
import { tanhWat } from './tanhWat.mjs';
import { transposeWat } from './transposeWat.mjs';
import { activationGradWat } from './activationGradWat.mjs';
import { sgdWat } from './sgdWat.mjs';
import { expWat } from './expWat.mjs';

export function kernelsWat() {
  return `(module
(memory (export "memory") 1)
${gemmWat()}
${normalsWat()}
${transposeWat()})
`;
}

// The elementwise kernels (tanh, exp, a fused layer's backward pass) and plain SGD's update are a second module on
// the first one's memory: together they pass 4 KB, the largest module a browser's main thread may compile synchronously.
export function activationsModuleWat() {
  return `(module
(import "kernels" "memory" (memory 1))
${tanhWat()}
${expWat()}
${activationGradWat()}
${sgdWat()})
`;
}
