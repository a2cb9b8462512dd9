/**
 * The arena blocks one WebAssembly kernel call takes (gemmWasm.ts, fusedLinearWasm.ts): the operands and scratch it
 * borrows, and the results it hands to its caller.
 */
import { isResident, releaseBuffer, takeResident } from './bufferPool';
import { prefix } from './wasm';

/**
 * The arena blocks one kernel call takes: operands and scratch it borrows, and results it hands to its caller. Once a
 * block cannot be had, `ok` turns false and every later request fails too; the caller then takes its scratch-memory
 * path, and `release` gives back the results as well.
 */
export class ArenaOperands {
  private readonly borrowed: Float64Array[] = [];
  private readonly results: Float64Array[] = [];
  ok = true;

  private take(length: number, into: Float64Array[]): Float64Array | null {
    // Never by merging the free lists: this call can always copy into scratch memory instead.
    const b = this.ok ? takeResident(length, false) : null;
    if (b === null) this.ok = false;
    else into.push(b);
    return b;
  }

  /** A borrowed block of `length` elements with unspecified contents, or null. */
  block(length: number): Float64Array | null {
    return this.take(length, this.borrowed);
  }

  /** A block for the caller to keep (a result), unspecified contents, or null. */
  result(length: number): Float64Array | null {
    return this.take(length, this.results);
  }

  /** The byte offset of `a`'s first `length` values in the arena: `a` itself when it lies there, else a copy (-1: none). */
  place(a: Float64Array, length: number): number {
    if (isResident(a)) return a.byteOffset;
    const b = this.block(length);
    if (b === null) return -1;
    b.set(prefix(a, length));
    return b.byteOffset;
  }

  /** A borrowed zero-filled block's byte offset (-1: none). */
  zeros(length: number): number {
    return this.block(length)?.fill(0).byteOffset ?? -1;
  }

  /** Gives back the borrowed blocks, and the results too if the call could not run. */
  release(): void {
    for (const b of this.borrowed) releaseBuffer(b);
    if (!this.ok) for (const b of this.results) releaseBuffer(b);
  }
}
