/**
 * Recycled Float64Arrays for the arrays the engine makes and drops.
 *
 * A fresh `new Float64Array(4096)` costs Node's V8 ~7 µs (an off-heap, zero-filled allocation, later a
 * garbage collection), as long as a 64×64×64 product's own arithmetic takes; 800 KB (a 784×128
 * weight gradient) costs ~250 µs of page faults. In a Chromium web worker (the panels' engine) a fresh
 * 32 KB array costs ~100–160 µs once written, page faults of memory the allocator had given back. Yet
 * a backward pass drops most of what it makes within microseconds: each intermediate gradient dies once
 * the op below has used it. So the product kernels, the elementwise ops and Linear's parameters take
 * their arrays from here; `propagate` (autograd.ts) gives back the ones it minted itself and has just
 * dropped (never a gradient it hands to the caller, never one a backward passed through unchanged,
 * never one that was not taken from here during that pass). Code that owns its passes gives their arrays
 * back when it replaces them: a loop of steps (the trainer, the depth explorer's training comparison, the
 * benchmarks' training steps) runs each step in a `StepRecycler`, and the depth analysis, which keeps the
 * layers two passes share, names what it drops with `releaseDropped`.
 *
 * Taken arrays hold stale numbers: only code that overwrites every element may take one.
 *
 * Where WebAssembly runs, arrays come first from the resident arena (arena.ts): WebAssembly memory the kernels read
 * and write in place instead of copying operands in and results out, and where plain SGD updates the parameters
 * in SIMD. When the arena is full, arrays are ordinary ones again.
 */
import { TABLE_DOUBLES } from './wasm.generated';
import { residentKernels } from './wasm';
import { Arena } from './arena';

/** The arena's first bytes hold the in-place kernels' constants table (tanh and exp write theirs there at each call). */
export const CONSTANTS_TABLE = 0;

/**
 * Arrays kept per length, and bytes kept in all: enough for a deep network's working set (a depth-200 pass). A full
 * pool makes room by dropping the lengths least recently used (`evictFor`).
 */
const MAX_PER_LENGTH = 2048;
export const POOL_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The resident arena's size. Untouched pages cost no physical memory. A 784-128-10 training step keeps 1.7 MB of it
 * in blocks, the benchmark's depth-32 tanh network 3.1 MB; the depth explorer at depth 100 fills it, and its
 * deeper passes then run on ordinary arrays as before.
 */
export const ARENA_BYTES = 32 * 1024 * 1024;

/** Ordinary arrays of one length kept for reuse, and when that length was last given back or taken (a tick). */
interface Kept {
  readonly arrays: Float64Array[];
  used: number;
}
const free = new Map<number, Kept>();
let tick = 0;
let keptBytes = 0;
/** Arrays `takeBuffer` had to allocate (not reuse) so far: tests count them. */
let allocations = 0;

/**
 * What identifies an array's storage: an ordinary array's buffer, or an arena block's byte offset (all arena
 * arrays share the arena's one buffer).
 */
export type Storage = ArrayBufferLike | number;
/** One map per `trackTaken` in progress: the storages taken meanwhile and not given back since, with their arrays. */
const tracking: Map<Storage, Float64Array>[] = [];

/** The shared arena (undefined until first needed), and the one `withArena` puts in its place while it runs. */
let shared: Arena | null | undefined;
let scoped: Arena | null | undefined;

/** A fresh arena of `bytes` bytes (null without WebAssembly): the shared one, or one for `withArena`. */
export function openArena(bytes: number): Arena | null {
  const kernels = residentKernels(bytes);
  return kernels === null ? null : new Arena(kernels.calls, kernels.buffer, CONSTANTS_TABLE + TABLE_DOUBLES * 8);
}

/** The arena in use, opening the shared one on first use. */
function current(): Arena | null {
  if (scoped !== undefined) return scoped;
  if (shared === undefined) shared = openArena(ARENA_BYTES);
  return shared;
}

/** The arena in use if one is open (no opening: for code that only asks where an array lies). */
function opened(): Arena | null {
  return scoped !== undefined ? scoped : (shared ?? null);
}

/** The arena and its kernels, or null where WebAssembly does not run (or will not give the memory). */
export function residentArena(): Pick<Arena, 'calls' | 'buffer'> | null {
  return current();
}

/**
 * Runs `fn` with `arena` (from `openArena`) in place of the shared one, or with none (null): new arrays are then
 * ordinary ones and the kernels copy every operand into their scratch memory, as when the arena is full. The tests
 * compare the paths with it. Arrays of the shared arena used meanwhile are copied like ordinary ones.
 */
export function withArena<T>(arena: Arena | null, fn: () => T): T {
  const outer = scoped;
  scoped = arena;
  try {
    return fn();
  } finally {
    scoped = outer;
  }
}

/** Whether `a` views the arena in use (the kernels then reach it at `a.byteOffset`). */
export function isResident(a: Float64Array): boolean {
  return opened()?.holds(a) ?? false;
}

function storageOf(a: Float64Array): Storage {
  return isResident(a) ? a.byteOffset : a.buffer;
}

/**
 * An arena array of `length` elements with unspecified contents, or null when the arena has no room (or none exists).
 * `merge` false: without taking the free lists apart for room (see Arena.take).
 */
export function takeResident(length: number, merge = true): Float64Array | null {
  const taken = length > 0 ? (current()?.take(length, merge) ?? null) : null;
  if (taken === null) return null;
  if (taken.fresh) allocations++;
  for (const t of tracking) t.set(taken.array.byteOffset, taken.array);
  return taken.array;
}

/** A Float64Array of `length` elements with unspecified contents (the caller overwrites them all). */
export function takeBuffer(length: number): Float64Array {
  // The arena's free list or free space, then an ordinary array kept for reuse, and only then the arena's free lists
  // merged for room (a full arena would otherwise merge them at every step of a loop that reuses them).
  const resident = takeResident(length, false);
  if (resident !== null) return resident;
  const kept = free.get(length);
  const reused = kept?.arrays.pop();
  let out: Float64Array;
  if (reused !== undefined) {
    keptBytes -= reused.byteLength;
    kept!.used = ++tick;
    out = reused;
  } else {
    const merged = takeResident(length, true);
    if (merged !== null) return merged;
    out = new Float64Array(length);
    allocations++;
  }
  for (const taken of tracking) taken.set(out.buffer, out);
  return out;
}

/** Hands `a` back for reuse; the caller promises that nothing reads or writes it any more. */
export function releaseBuffer(a: Float64Array): void {
  const arena = opened();
  if (arena?.holds(a)) {
    // Only a whole block's array, and once.
    if (arena.give(a)) for (const taken of tracking) taken.delete(a.byteOffset);
    return;
  }
  // Only whole buffers: a view may share its storage with a live tensor.
  if (a.byteOffset !== 0 || a.byteLength !== a.buffer.byteLength || a.length === 0) return;
  // Given back once: no tracker may give it back again after it is taken anew.
  for (const taken of tracking) taken.delete(a.buffer);
  const kept = free.get(a.length);
  if (kept !== undefined) {
    kept.used = ++tick;
    if (kept.arrays.length >= MAX_PER_LENGTH) return;
  }
  if (keptBytes + a.byteLength > POOL_MAX_BYTES && !evictFor(a.byteLength)) return;
  // Looked up again: making room may have emptied and removed this length when it was all the pool held.
  let into = free.get(a.length);
  if (into === undefined) free.set(a.length, (into = { arrays: [], used: ++tick }));
  into.arrays.push(a);
  keptBytes += a.byteLength;
}

/**
 * Makes room for `bytes` more under the cap by dropping the arrays of the lengths least recently used; false when
 * even that cannot. Dropping the newest instead would leave a full pool with the lengths of work long finished,
 * and a new loop would allocate all its arrays afresh at every step.
 */
function evictFor(bytes: number): boolean {
  if (bytes > POOL_MAX_BYTES) return false;
  while (keptBytes + bytes > POOL_MAX_BYTES) {
    let oldest: [number, Kept] | undefined;
    for (const entry of free) if (entry[1].arrays.length > 0 && (oldest === undefined || entry[1].used < oldest[1].used)) oldest = entry;
    if (oldest === undefined) return false;
    const [length, { arrays }] = oldest;
    while (arrays.length > 0 && keptBytes + bytes > POOL_MAX_BYTES) keptBytes -= arrays.pop()!.byteLength;
    if (arrays.length === 0) free.delete(length);
  }
  return true;
}

/**
 * Hands back, once each, the arrays of the tensors an owner drops that are not among those it keeps (two tensors
 * may share storage: identity's output is its input, a depth step keeps the layers both passes have).
 */
export function releaseDropped(dropped: Iterable<{ readonly data: Float64Array }>, kept: Iterable<{ readonly data: Float64Array }>): void {
  const held = new Set<Float64Array>();
  for (const t of kept) held.add(t.data);
  for (const t of dropped) {
    if (held.has(t.data)) continue;
    held.add(t.data);
    releaseBuffer(t.data);
  }
}

/**
 * Runs `fn(taken)`, where `taken` collects the storage of every array `takeBuffer` hands out meanwhile (with the
 * array) and nobody has given back since: the only arrays a backward pass, or a step, may later give back. Nested calls
 * track too (a step's set sees what its backward pass takes and does not give back).
 */
export function trackTaken<T>(fn: (taken: Map<Storage, Float64Array>) => T): T {
  const taken = new Map<Storage, Float64Array>();
  tracking.push(taken);
  try {
    return fn(taken);
  } finally {
    tracking.pop(); // calls nest, so this one's set is the last
  }
}

/** A parameter as the recycler sees it: engine Tensors satisfy this structurally. */
interface RecycledParameter {
  readonly data: Float64Array;
  grad: object | null;
}

/**
 * The steps of a loop that owns them (a trainer): each `run` first gives back every array the engine took from
 * the pool during the previous run and still holds (forward outputs, losses, intermediate and parameter
 * gradients), except the parameters' own storage, and clears the parameters' gradients (torch's
 * zero_grad(set_to_none=True)), so no parameter points at an array given back. The owner promises to read
 * nothing made in a step once the next has begun: it keeps numbers, not tensors. PyTorch's caching allocator
 * reuses a step's memory the same way, through reference counts JavaScript does not have.
 */
export class StepRecycler {
  private previous = new Map<Storage, Float64Array>();

  constructor(private readonly parameters: () => Iterable<RecycledParameter>) {}

  run<T>(step: () => T): T {
    this.release();
    return trackTaken((taken) => {
      this.previous = taken;
      return step();
    });
  }

  /** Gives back the last run's arrays and clears the gradients now (when the loop is over). */
  release(): void {
    const kept = new Set<Storage>();
    for (const p of this.parameters()) {
      kept.add(storageOf(p.data));
      p.grad = null;
    }
    const previous = this.previous;
    this.previous = new Map();
    for (const [storage, array] of previous) if (!kept.has(storage)) releaseBuffer(array);
  }
}

/**
 * Bytes currently kept for reuse (ordinary arrays), bytes in the arena's blocks (taken or kept), and how many arrays
 * `takeBuffer` allocated so far (for tests and benchmarks).
 */
export function poolStats(): { keptBytes: number; arenaBytes: number; allocations: number } {
  return { keptBytes, arenaBytes: opened()?.blockBytes ?? 0, allocations };
}

/**
 * The bookkeeping `propagate` needs to give back the gradients it drops: how many of its map
 * entries (or results) hold each storage, and the drops since the last `flush`. A storage is given
 * back at a flush only when nothing holds it and it was taken during this pass.
 */
export class DroppedGradients {
  private readonly holders = new Map<Storage, number>();
  private pending: Float64Array[] = [];

  constructor(private readonly taken: Map<Storage, Float64Array>) {}

  hold(data: Float64Array): void {
    const storage = storageOf(data);
    this.holders.set(storage, (this.holders.get(storage) ?? 0) + 1);
  }

  /** One holder fewer; the storage becomes a candidate for the next flush. */
  drop(data: Float64Array): void {
    const storage = storageOf(data);
    this.holders.set(storage, (this.holders.get(storage) ?? 1) - 1);
    this.pending.push(data);
  }

  /** A gradient nobody took up (summed into another, or not needed): a candidate for the next flush. */
  discard(data: Float64Array): void {
    this.pending.push(data);
  }

  /** Gives back every candidate that nothing holds (call when no gradient is in flight). */
  flush(): void {
    for (const data of this.pending) {
      const storage = storageOf(data);
      if ((this.holders.get(storage) ?? 0) === 0 && this.taken.delete(storage)) releaseBuffer(data);
    }
    this.pending = [];
  }
}
