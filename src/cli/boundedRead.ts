/**
 * Reading a file a user named, with bounds (Node only): only regular files, and never more than a
 * cap. The type and size come from fstat on the opened descriptor, so a file swapped between a
 * check and the read cannot slip past; the open is non-blocking, so a FIFO without a writer is
 * refused instead of hanging. Errors name the file and its kind or size, never its bytes.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { formatBytes } from '../training/config/memory';

/** Refused before any byte is read: the message says why. */
export class FileRefusedError extends Error {}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function sizeText(bytes: number): string {
  return `${formatBytes(bytes)} (${bytes.toLocaleString('en-US')} bytes)`;
}

/**
 * The bytes of the regular file at `path`, at most `capBytes` of them. `what` names the file in
 * messages ("a training config"). Throws FileRefusedError for anything else.
 */
export function readFileBounded(path: string, capBytes: number, what = 'this file'): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new FileRefusedError(`${path}: no such file`);
    if (code === 'EACCES' || code === 'EPERM') throw new FileRefusedError(`${path}: permission denied`);
    if (code === 'ENXIO') throw new FileRefusedError(`${path} is a named pipe (FIFO) or socket, not a regular file: ${what} must be a file`);
    throw new FileRefusedError(`${path}: cannot open (${code ?? String(e)})`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new FileRefusedError(`${path} is ${kindOf(stat)}, not a regular file: ${what} must be a file`);
    if (stat.size > capBytes) {
      throw new FileRefusedError(`${path} is ${sizeText(stat.size)}; ${what} may be at most ${formatBytes(capBytes)}`);
    }
    // Read until end of file, never past the cap: the file may have grown since fstat.
    let buffer = new Uint8Array(stat.size + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > capBytes) throw new FileRefusedError(`${path} grew past ${formatBytes(capBytes)} while being read; ${what} may be at most that`);
        const larger = new Uint8Array(Math.min(capBytes + 1, buffer.length * 2));
        larger.set(buffer);
        buffer = larger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/**
 * A text file read as an editor shows it: invalid UTF-8 becomes U+FFFD (a binary file then fails the
 * checks that look for it) and a byte-order mark is dropped.
 */
export function readTextFileBounded(path: string, capBytes: number, what?: string): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(readFileBounded(path, capBytes, what));
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
