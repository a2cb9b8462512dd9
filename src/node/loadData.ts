/**
 * Reading the bytes a config's data needs from disk (Node): the packed MNIST digits shipped in
 * media/data, or the four IDX files of a folder, gzipped or not. Shared by the training worker and
 * the CLI; decoding and checking the bytes is the pure code's job (src/training/datasets).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DataConfig } from '../training/config/types';
import { IDX_FILE_NAMES, PACKED_MNIST_FILE, type DataSources, type IdxFiles } from '../training/datasets';

export interface DataLocations {
  /** Folder holding mnist-10k.bin.gz (the extension's or the package's media/data). */
  readonly dataDir: string;
  /** The config file, to resolve a relative IDX folder against. */
  readonly configPath: string;
  /** The gradientLab.mnistIdxFolder setting (or the CLI's --mnist-idx-folder), used when the config names none. */
  readonly mnistIdxFolder?: string;
}

function gunzipIfNeeded(bytes: Uint8Array): Uint8Array {
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? new Uint8Array(gunzipSync(bytes)) : bytes;
}

/** Standard names, also with '.' for the first '-' (t10k-images.idx3-ubyte, as some mirrors name them). */
function candidates(base: string): string[] {
  const dotted = base.replace(/-(idx\d-ubyte)$/, '.$1');
  return [base, `${base}.gz`, dotted, `${dotted}.gz`];
}

function readIdxFolder(folder: string): IdxFiles {
  if (!existsSync(folder)) throw new Error(`mnist-idx: the folder ${folder} does not exist`);
  const read = (key: keyof IdxFiles): Uint8Array => {
    const names = candidates(IDX_FILE_NAMES[key]);
    const found = names.map((n) => join(folder, n)).find((p) => existsSync(p));
    if (!found) throw new Error(`mnist-idx: ${folder} has no ${names[0]} (nor ${names.slice(1).join(', ')})`);
    try {
      return gunzipIfNeeded(new Uint8Array(readFileSync(found)));
    } catch (e) {
      throw new Error(`mnist-idx: cannot read ${found}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return { trainImages: read('trainImages'), trainLabels: read('trainLabels'), testImages: read('testImages'), testLabels: read('testLabels') };
}

export function loadDataSources(data: DataConfig, where: DataLocations): DataSources {
  if (data.kind === 'mnist') {
    const file = join(where.dataDir, PACKED_MNIST_FILE);
    if (!existsSync(file)) throw new Error(`mnist: ${file} is missing (run \`npm run build\` to pack the digits)`);
    return { packedMnist: gunzipIfNeeded(new Uint8Array(readFileSync(file))) };
  }
  if (data.kind === 'mnist-idx') {
    const folder = data.folder ?? where.mnistIdxFolder;
    if (!folder) throw new Error('mnist-idx: no folder given: set "folder" in the config\'s data, or the gradientLab.mnistIdxFolder setting');
    return { idx: readIdxFolder(isAbsolute(folder) ? folder : resolve(dirname(where.configPath), folder)) };
  }
  return {};
}

/** The media/data folder nearest above `start` that holds the packed digits (dist/ and src/ layouts alike). */
export function findDataDir(start: string): string {
  let dir = start;
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'media', 'data');
    if (existsSync(join(candidate, PACKED_MNIST_FILE))) return candidate;
    dir = dirname(dir);
  }
  return join(start, '..', 'media', 'data');
}
