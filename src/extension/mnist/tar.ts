/**
 * A careful reader of the tar archives npm packs (ustar, with pax or GNU long names), held in
 * memory: it only slices the buffer it is given, checks every header's checksum and every size
 * against what is left, and never follows links or writes anything. Enough to take a few named
 * files out of a package tarball; not a general tar tool.
 */

const BLOCK = 512;

export interface TarEntry {
  /** The path inside the archive, as written (npm's start with "package/"). */
  readonly name: string;
  /** '0' a regular file, '5' a folder, '2' a symbolic link, ... (ustar typeflag; '\0' is read as '0'). */
  readonly type: string;
  readonly size: number;
  /** The entry's bytes (a view into the archive). */
  readonly data: Uint8Array;
}

export class TarError extends Error {}

const decoder = new TextDecoder('utf-8', { fatal: false });

function text(block: Uint8Array, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return decoder.decode(end < 0 ? field : field.subarray(0, end));
}

function octal(block: Uint8Array, start: number, length: number, what: string): number {
  if (block[start] & 0x80) throw new TarError(`tar: ${what} in base-256 form is not supported`);
  const digits = text(block, start, length).trim();
  if (!/^[0-7]*$/.test(digits)) throw new TarError(`tar: ${what} is not an octal number`);
  const value = digits === '' ? 0 : parseInt(digits, 8);
  if (!Number.isSafeInteger(value)) throw new TarError(`tar: ${what} is too large`);
  return value;
}

function checksumOk(block: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i];
  return sum === octal(block, 148, 8, 'header checksum');
}

/** pax extended header records: "<length> <key>=<value>\n", each length counting the whole record. */
function paxRecords(data: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space < 0) break;
    const length = Number(decoder.decode(data.subarray(at, space)));
    if (!Number.isSafeInteger(length) || length <= space - at || at + length > data.length) throw new TarError('tar: a malformed pax header');
    const record = decoder.decode(data.subarray(space + 1, at + length - 1));
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    at += length;
  }
  return out;
}

function isZeroBlock(block: Uint8Array): boolean {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

/** Every entry of an uncompressed tar archive, in order (pax and GNU long-name records applied, not listed). */
export function* tarEntries(archive: Uint8Array): Generator<TarEntry> {
  let at = 0;
  let longName: string | undefined;
  let pax: Map<string, string> | undefined;
  while (at + BLOCK <= archive.length) {
    const header = archive.subarray(at, at + BLOCK);
    if (isZeroBlock(header)) return;
    if (!checksumOk(header)) throw new TarError(`tar: the header at byte ${at} is damaged (checksum)`);
    const flag = header[156] === 0 ? '0' : String.fromCharCode(header[156]);
    let size = octal(header, 124, 12, 'an entry size');
    if (pax?.has('size')) size = Number(pax.get('size'));
    if (!Number.isSafeInteger(size) || size < 0) throw new TarError('tar: an entry size is not a whole number');
    const start = at + BLOCK;
    if (start + size > archive.length) throw new TarError('tar: the archive ends inside an entry (truncated)');
    const data = archive.subarray(start, start + size);
    at = start + Math.ceil(size / BLOCK) * BLOCK;
    if (flag === 'x') { pax = paxRecords(data); continue; }
    if (flag === 'g') continue; // global pax defaults: nothing npm relies on
    if (flag === 'L') { longName = text(data, 0, data.length); continue; }
    const prefix = header[257] === 0x75 /* "ustar" */ ? text(header, 345, 155) : '';
    const plain = prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100);
    const name = pax?.get('path') ?? longName ?? plain;
    longName = undefined;
    pax = undefined;
    yield { name, type: flag, size, data };
  }
}

/**
 * The regular files named in `wanted` (archive path -> largest size accepted), each at most once;
 * every other entry is skipped. Refuses an archive whose wanted entry is larger than allowed, is a
 * link or folder, or appears twice.
 */
export function extractFiles(archive: Uint8Array, wanted: ReadonlyMap<string, number>): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const entry of tarEntries(archive)) {
    const cap = wanted.get(entry.name);
    if (cap === undefined) continue;
    if (entry.type !== '0' && entry.type !== '7') throw new TarError(`tar: ${entry.name} is not a regular file (type ${entry.type})`);
    if (entry.size > cap) throw new TarError(`tar: ${entry.name} is ${entry.size} bytes, more than the ${cap} it may have`);
    if (out.has(entry.name)) throw new TarError(`tar: ${entry.name} appears twice`);
    out.set(entry.name, entry.data);
  }
  return out;
}
