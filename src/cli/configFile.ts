/** Reading a *.gradlab.json for the CLI, with the text an editor would show (no BOM). */
import { readFileSync, statSync } from 'node:fs';
import { MAX_TEXT_LENGTH } from '../training/config/syntax';

export interface ConfigFile {
  readonly path: string;
  readonly text: string;
}

/**
 * The file's text. Invalid UTF-8 becomes U+FFFD, which the checker reports as a binary file; a
 * byte-order mark is dropped, as VS Code does, so line:column positions agree with the editor.
 */
export function readConfigFile(path: string): ConfigFile {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new Error(`${path} is a folder, not a config file`);
    size = stat.size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${path}: no such file`);
    throw e;
  }
  // Read a little past the limit so an oversized file is still reported as such, not loaded whole.
  const bytes = size > MAX_TEXT_LENGTH * 4 ? readFileSync(path).subarray(0, MAX_TEXT_LENGTH * 4) : readFileSync(path);
  return { path, text: decodeConfigBytes(bytes) };
}

/** The bytes of a config as text: invalid UTF-8 -> U+FFFD, no byte-order mark. */
export function decodeConfigBytes(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
