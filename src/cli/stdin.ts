/** `-` as a FILE: a config read from standard input, bounded like a config file. */
import { MAX_TEXT_LENGTH } from '../training/config/syntax';
import { decodeConfigBytes, readConfigFile, type ConfigFile } from './configFile';

/** What messages call standard input (file:line:column positions read `<stdin>:3:7`). */
export const STDIN_NAME = '<stdin>';

/**
 * Reads a stream to its end, keeping at most `maxBytes`: past that it stops reading (and destroys the stream),
 * so a runaway producer costs bounded memory; what was kept is then long enough to be reported as too large.
 */
export async function readStreamBounded(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    chunks.push(buf.subarray(0, maxBytes - size));
    size += Math.min(buf.length, maxBytes - size);
    if (size >= maxBytes) {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      break;
    }
  }
  return Buffer.concat(chunks, size);
}

/** Standard input as a config's text, with the same byte limit and decoding as a config file. */
export async function readConfigStdin(stream: NodeJS.ReadableStream): Promise<ConfigFile> {
  return { path: STDIN_NAME, text: decodeConfigBytes(await readStreamBounded(stream, MAX_TEXT_LENGTH * 4)) };
}

/** A FILE argument: `-` is standard input (named `<stdin>` in messages), anything else a path. */
export async function readConfigSource(arg: string, stdin: NodeJS.ReadableStream): Promise<ConfigFile> {
  return arg === '-' ? readConfigStdin(stdin) : readConfigFile(arg);
}
