/** Reading a *.gradlab.json for the CLI, with the text an editor would show (no BOM). */
import { readFileBounded } from './boundedRead';
import { MAX_TEXT_LENGTH } from '../training/config/syntax';

export interface ConfigFile {
  readonly path: string;
  readonly text: string;
}

/** The most bytes MAX_TEXT_LENGTH characters can take in UTF-8 (3 per UTF-16 code unit). */
export const MAX_CONFIG_BYTES = MAX_TEXT_LENGTH * 3;

/**
 * The file's text. Only a regular file of at most MAX_CONFIG_BYTES is read (a device, a FIFO or a
 * huge file is refused before reading); invalid UTF-8 becomes U+FFFD, which the checker reports as
 * a binary file; a byte-order mark is dropped, as VS Code does, so line:column positions agree.
 */
export function readConfigFile(path: string): ConfigFile {
  return { path, text: decodeConfigBytes(readFileBounded(path, MAX_CONFIG_BYTES, 'a training config')) };
}

/** The bytes of a config as text: invalid UTF-8 -> U+FFFD, no byte-order mark. */
export function decodeConfigBytes(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
