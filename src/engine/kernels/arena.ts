/**
 * The resident arena: Float64Arrays that view one WebAssembly memory of fixed size, which the kernels read and
 * write in place (wasm.ts `residentKernels`). The memory never grows, so its views stay valid.
 *
 * Blocks are 16-byte aligned ranges of it. A block given back waits on a free list of its length, as the buffer
 * pool's ordinary arrays do, so a loop of steps takes the same blocks again at once. When no gap fits a new block
 * (and the caller allows it), the free blocks nobody took since the last such moment go back to the gaps, which merge
 * with their neighbours, and the search runs once more: a pool of many lengths (a run of one model, then another)
 * does not wall the arena off, and a loop that reuses its blocks keeps them. A block whose array is
 * dropped without being given back returns to the gaps once the array is garbage collected; so a view made of a
 * block's array (`subarray`) must not outlive the array itself.
 */
import type { KernelCalls } from './wasm';

interface Block {
  readonly offset: number;
  readonly length: number;
  readonly bytes: number;
  /** The block's one array; it alone goes on the free list. */
  readonly array: WeakRef<Float64Array>;
  free: boolean;
  /** On a free list, and still there at the last merge: the next merge returns it to the gaps. */
  idle: boolean;
}

export class Arena {
  /** Bytes in blocks, free or taken. */
  blockBytes = 0;
  /** Blocks a merge has returned from the free lists to the gaps so far. */
  merged = 0;
  /** Blocks by byte offset, free or taken. */
  private readonly blocks = new Map<number, Block>();
  /** Free lists by length. */
  private readonly free = new Map<number, Float64Array[]>();
  /** Ranges no block holds, in increasing offset, none adjacent to another. */
  private readonly gaps: { offset: number; bytes: number }[];
  private readonly collected = new FinalizationRegistry<Block>((block) => {
    if (this.blocks.get(block.offset) === block && !block.free) this.toGaps(block);
  });

  /** `reserved` bytes at offset 0 stay out of every block (tanh's constants table). */
  constructor(readonly calls: KernelCalls, readonly buffer: ArrayBuffer, reserved: number) {
    this.gaps = [{ offset: reserved, bytes: buffer.byteLength - reserved }];
  }

  /** Whether `a` views the arena (the kernels then reach it at `a.byteOffset`). */
  holds(a: Float64Array): boolean {
    return a.buffer === this.buffer;
  }

  /**
   * A block's array of `length` (> 0) elements with unspecified contents, and whether it is new; null when none fits.
   * Only with `merge` may free blocks go back to the gaps to make room, and only those that have stayed on their
   * free list since the last merge: a loop that takes its blocks again at every step keeps them, and a caller
   * that has another array to hand asks without merging first.
   */
  take(length: number, merge: boolean): { array: Float64Array; fresh: boolean } | null {
    const reused = this.free.get(length)?.pop();
    if (reused !== undefined) {
      const block = this.blocks.get(reused.byteOffset)!;
      block.free = false;
      block.idle = false;
      return { array: reused, fresh: false };
    }
    const bytes = (length * 8 + 15) & ~15; // 16-byte aligned, as the kernels' vector loads prefer
    let offset = this.carve(bytes);
    if (offset < 0 && merge && this.free.size > 0) {
      this.mergeIdle();
      offset = this.carve(bytes);
    }
    if (offset < 0) return null;
    const array = new Float64Array(this.buffer, offset, length);
    const block: Block = { offset, length, bytes, array: new WeakRef(array), free: false, idle: false };
    this.blocks.set(offset, block);
    this.blockBytes += bytes;
    this.collected.register(array, block);
    return { array, fresh: true };
  }

  /**
   * Puts `a`'s block on its free list when `a` is a whole block's array, taken; false otherwise (a view into a
   * block, or a block already given back).
   */
  give(a: Float64Array): boolean {
    const block = this.blocks.get(a.byteOffset);
    if (block === undefined || block.length !== a.length || block.free) return false;
    const array = block.array.deref();
    if (array === undefined) return false; // collected meanwhile: `collected` returns the range
    block.free = true;
    let list = this.free.get(block.length);
    if (list === undefined) this.free.set(block.length, (list = []));
    list.push(array);
    return true;
  }

  /** Returns to the gaps the free blocks marked idle at the last merge, and marks the rest. */
  private mergeIdle(): void {
    for (const [length, list] of this.free) {
      const kept = list.filter((a) => {
        const block = this.blocks.get(a.byteOffset)!;
        if (!block.idle) return (block.idle = true);
        this.toGaps(block);
        this.merged++;
        return false;
      });
      if (kept.length > 0) this.free.set(length, kept);
      else this.free.delete(length);
    }
  }

  /** First fit among the gaps; the offset, or -1. */
  private carve(bytes: number): number {
    for (let i = 0; i < this.gaps.length; i++) {
      const gap = this.gaps[i];
      if (gap.bytes < bytes) continue;
      const offset = gap.offset;
      gap.offset += bytes;
      gap.bytes -= bytes;
      if (gap.bytes === 0) this.gaps.splice(i, 1);
      return offset;
    }
    return -1;
  }

  /** Returns a block's range to the gaps, merged with the gaps beside it. */
  private toGaps(block: Block): void {
    this.blocks.delete(block.offset);
    this.blockBytes -= block.bytes;
    const gaps = this.gaps;
    let lo = 0, hi = gaps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (gaps[mid].offset < block.offset) lo = mid + 1;
      else hi = mid;
    }
    const before = gaps[lo - 1], after = gaps[lo];
    const end = block.offset + block.bytes;
    if (before !== undefined && before.offset + before.bytes === block.offset) {
      before.bytes += block.bytes;
      if (after !== undefined && after.offset === end) {
        before.bytes += after.bytes;
        gaps.splice(lo, 1);
      }
    } else if (after !== undefined && after.offset === end) {
      after.offset = block.offset;
      after.bytes += block.bytes;
    } else {
      gaps.splice(lo, 0, { offset: block.offset, bytes: block.bytes });
    }
  }
}
