// The engine's WebAssembly module: one memory and the kernels that share it.
import { gemmWat } from './gemmWat.mjs';
import { normalsWat } from './normalsWat.mjs';

export function kernelsWat() {
  return `(module
(memory (export "memory") 1)
${gemmWat()}
${normalsWat()})
`;
}
