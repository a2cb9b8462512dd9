/**
 * Reading one MNIST IDX file from disk with every size known before it is used: the file must be a
 * regular file (a FIFO would block the reader forever, a device never ends), the IDX header is read
 * first and decides how many bytes may follow, and a gzipped file is decompressed as a stream that
 * stops as soon as it yields more than its own header announced. Only the items the config asks for
 * are kept in memory. Errors name the file and what is wrong with it, never the file's bytes.
 */
import { closeSync, constants, createReadStream, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { MNIST_SIDE } from '../training/datasets';

export type IdxKind = 'images' | 'labels';

/** A file that is not what the loader needs; the message says which file and why. */
export class IdxFileError extends Error {}

/** Generous sanity bound on an IDX file's item count (EMNIST ByClass has 697,932 training images). */
export const MAX_IDX_ITEMS = 1_000_000;

const MAGIC: Readonly<Record<IdxKind, number>> = { images: 0x803, labels: 0x801 };
const HEADER_BYTES: Readonly<Record<IdxKind, number>> = { images: 16, labels: 8 };
const ITEM_BYTES: Readonly<Record<IdxKind, number>> = { images: MNIST_SIDE * MNIST_SIDE, labels: 1 };

/** What kind of file `stats` describes, in words, for a message that refuses it. */
function describeNonRegular(stats: Stats): string {
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a folder';
  return 'not a regular file';
}

/**
 * Opens `path` for reading only if it is a regular file (symbolic links are followed). The path is
 * checked before opening, so opening cannot wait for a FIFO's writer or touch a device, and the open
 * descriptor is checked again in case the path changed in between.
 */
export function openRegularFile(path: string): { fd: number; size: number } {
  const refuse = (stats: Stats) => new IdxFileError(`${path} is ${describeNonRegular(stats)}, not a regular file: point it at the file itself`);
  const before = statSync(path);
  if (!before.isFile()) throw refuse(before);
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const after = fstatSync(fd);
  if (!after.isFile()) {
    closeSync(fd);
    throw refuse(after);
  }
  return { fd, size: after.size };
}

interface Header {
  readonly bytes: number;
  readonly count: number;
  /** Header plus every item the header announces: the file's exact decompressed size. */
  readonly total: number;
}

function parseHeader(head: Uint8Array, kind: IdxKind, where: string): Header {
  const bytes = HEADER_BYTES[kind];
  const tooShort = () => new IdxFileError(`${where}: too short for an IDX ${kind} file (${head.length} bytes)`);
  if (head.length < 4) throw tooShort();
  const view = new DataView(head.buffer, head.byteOffset, Math.min(head.length, bytes));
  if (view.getUint32(0, false) !== MAGIC[kind]) {
    const other = kind === 'images' ? 'labels' : 'images';
    const hint = view.getUint32(0, false) === MAGIC[other] ? `it is an IDX ${other} file` : 'it does not start with the IDX marker';
    throw new IdxFileError(`${where}: not an IDX ${kind} file (${hint}); is it the right file?`);
  }
  if (head.length < bytes) throw tooShort();
  const count = view.getUint32(4, false);
  if (kind === 'images') {
    const rows = view.getUint32(8, false);
    const cols = view.getUint32(12, false);
    if (rows !== MNIST_SIDE || cols !== MNIST_SIDE) throw new IdxFileError(`${where}: images are ${rows}x${cols}, expected ${MNIST_SIDE}x${MNIST_SIDE}`);
  }
  if (count > MAX_IDX_ITEMS) throw new IdxFileError(`${where}: its header announces ${count} ${kind}, more than the ${MAX_IDX_ITEMS} an IDX file may hold here`);
  return { bytes, count, total: bytes + count * ITEM_BYTES[kind] };
}

function readFully(fd: number, into: Uint8Array, position: number): number {
  let done = 0;
  while (done < into.length) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/** How much bigger than its contents a well-formed gzip file can be (stored blocks, member headers). */
function maxCompressedSize(total: number): number {
  return Math.ceil(total * 1.01) + 65536;
}

/**
 * The header and the first `limit` items of the IDX file at `path`, gzipped or not: the bytes
 * `decodeIdx` reads. The whole file is checked against its header (size, or decompressed size), so
 * a truncated file or one with data past its announced end is refused rather than half-used.
 */
export async function readIdxFile(path: string, kind: IdxKind, limit: number): Promise<Uint8Array> {
  const { fd, size } = openRegularFile(path);
  let closed = false;
  try {
    const magic = new Uint8Array(2);
    readFully(fd, magic, 0);
    if (magic[0] === 0x1f && magic[1] === 0x8b) {
      closed = true; // the stream owns the descriptor from here
      return await readGzipped(fd, size, kind, limit, path);
    }
    const head = new Uint8Array(Math.min(size, HEADER_BYTES[kind]));
    readFully(fd, head, 0);
    const header = parseHeader(head, kind, path);
    if (size !== header.total) {
      throw new IdxFileError(`${path}: ${size} bytes, but its header announces ${header.count} ${kind} (${header.total} bytes): truncated, or not this kind of IDX file`);
    }
    if (limit > header.count) throw new IdxFileError(`${path}: holds ${header.count} ${kind}, the config asks for ${limit}`);
    const out = new Uint8Array(header.bytes + limit * ITEM_BYTES[kind]);
    readFully(fd, out, 0);
    return out;
  } finally {
    if (!closed) closeSync(fd);
  }
}

async function readGzipped(fd: number, size: number, kind: IdxKind, limit: number, path: string): Promise<Uint8Array> {
  const source = createReadStream('', { fd, autoClose: true, highWaterMark: 1 << 16 });
  const gunzip = createGunzip();
  source.on('error', (e) => gunzip.destroy(e));
  source.pipe(gunzip);
  const pending: Uint8Array[] = [];
  let header: Header | undefined;
  let out: Uint8Array | undefined;
  let produced = 0;
  try {
    for await (const piece of gunzip as AsyncIterable<Buffer>) {
      let chunk: Uint8Array = piece;
      if (!header) {
        pending.push(chunk);
        if (produced + chunk.length < HEADER_BYTES[kind]) {
          produced += chunk.length;
          continue;
        }
        const joined = Buffer.concat(pending);
        header = parseHeader(joined, kind, path);
        if (size > maxCompressedSize(header.total)) {
          throw new IdxFileError(`${path}: ${size} bytes compressed, more than ${header.count} ${kind} can take`);
        }
        if (limit > header.count) throw new IdxFileError(`${path}: holds ${header.count} ${kind}, the config asks for ${limit}`);
        out = new Uint8Array(header.bytes + limit * ITEM_BYTES[kind]);
        produced = 0;
        chunk = joined;
      }
      if (produced + chunk.length > header.total) {
        throw new IdxFileError(`${path}: decompresses to more than the ${header.count} ${kind} its header announces (${header.total} bytes); refused`);
      }
      if (out && produced < out.length) out.set(chunk.subarray(0, out.length - produced), produced);
      produced += chunk.length;
    }
  } catch (e) {
    // zlib's own words ("incorrect header check") describe the format, never the content.
    if (e instanceof IdxFileError) throw e;
    throw new IdxFileError(`${path}: not a valid gzip file (${e instanceof Error ? e.message : String(e)})`);
  } finally {
    gunzip.destroy();
    source.destroy();
  }
  if (!header || !out) throw new IdxFileError(`${path}: too short for an IDX ${kind} file (${produced} bytes after decompression)`);
  if (produced < header.total) {
    throw new IdxFileError(`${path}: decompresses to ${produced} bytes, but its header announces ${header.count} ${kind} (${header.total} bytes): truncated`);
  }
  return out;
}
