/** Builds the data set a config asks for, from the bytes the host has loaded for it. */
import { Rng } from '../../engine';
import type { DataConfig } from '../config/types';
import { decodePackedMnist, idxMnistDataset, packedMnistDataset, type IdxFiles } from './mnist';
import { generateSynthetic, syntheticClasses } from './synthetic';
import type { Dataset } from './types';

export * from './types';
export * from './mnist';
export { generateSynthetic, syntheticClasses } from './synthetic';

/** File contents the host read (and gunzipped) for the config's data. */
export interface DataSources {
  /** media/data/mnist-10k.bin.gz, decompressed. */
  readonly packedMnist?: Uint8Array;
  readonly idx?: IdxFiles;
}

/** What the host must load before `buildDataset` can run. */
export function requiredSources(data: DataConfig): 'packedMnist' | 'idx' | undefined {
  return data.kind === 'mnist' ? 'packedMnist' : data.kind === 'mnist-idx' || data.kind === 'mnist-full' ? 'idx' : undefined;
}

export function buildDataset(data: DataConfig, seed: number | string, sources: DataSources): Dataset {
  switch (data.kind) {
    case 'mnist':
      if (!sources.packedMnist) throw new Error('mnist: the packed digits were not loaded');
      return packedMnistDataset(decodePackedMnist(sources.packedMnist), data.train, data.test);
    case 'mnist-idx':
    case 'mnist-full':
      if (!sources.idx) throw new Error(`${data.kind}: the IDX files were not loaded`);
      return idxMnistDataset(sources.idx, data.train, data.test, data.kind);
    default: {
      // Train and test come from independent streams, so changing one size leaves the other's points alone.
      const rng = new Rng(seed).fork(`data/${data.kind}`);
      const options = { noise: data.noise, classes: data.classes, factor: data.factor };
      return {
        name: data.kind,
        features: 2,
        classes: syntheticClasses(data.kind, data.classes),
        train: generateSynthetic(data.kind, data.train, options, rng.fork('train')),
        test: generateSynthetic(data.kind, data.test, options, rng.fork('test')),
      };
    }
  }
}
