import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_HEAP_DOUBLES, decodeBase64, wasmKernels } from './wasm';
import { ACTIVATIONS_WASM_BASE64, KERNELS_WASM_BASE64 } from './wasm.generated';

describe('the WebAssembly kernels module', () => {
  it('loads in Node (WebAssembly with SIMD)', () => {
    assert.ok(wasmKernels() !== null);
  });

  it('is the module its generator writes (node scripts/gen-wasm-kernels.mjs)', async () => {
    const script = join(__dirname, '..', '..', '..', 'scripts', 'gen-wasm-kernels.mjs');
    const { generate } = (await import(script)) as { generate: () => Promise<string> };
    const current = readFileSync(join(__dirname, 'wasm.generated.ts'), 'utf8');
    assert.ok(current === await generate(), 'wasm.generated.ts is stale: run node scripts/gen-wasm-kernels.mjs');
  });

  it('keeps each module within 4096 bytes, the most a page\'s main thread may compile synchronously', () => {
    for (const [name, text] of [['kernels', KERNELS_WASM_BASE64], ['activations', ACTIVATIONS_WASM_BASE64]]) {
      assert.ok(decodeBase64(text).length <= 4096, `the ${name} module has ${decodeBase64(text).length} bytes`);
    }
  });

  it('grows its memory on demand and hands out a fresh view afterwards', () => {
    const k = wasmKernels()!;
    const small = k.heap(16)!;
    const big = k.heap(small.length + 100_000)!;
    assert.ok(big.length >= small.length + 100_000);
    big[big.length - 1] = 42;
    assert.equal(k.heap(1)![big.length - 1], 42);
  });

  it('refuses a heap beyond 1 GiB (32-bit offsets), so callers fall back to JavaScript', () => {
    assert.equal(wasmKernels()!.heap(MAX_HEAP_DOUBLES + 1), null);
  });
});
