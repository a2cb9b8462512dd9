/**
 * The 2-D toy data sets, generated from the seeded Rng: the same seed gives the same points on
 * every run. Classes take turns (sample i has class i mod classes), so every class is equally
 * represented; the trainer shuffles the order. `noise` is the standard deviation of Gaussian noise
 * added to both coordinates (for gaussians: the spread of each blob).
 */
import type { Rng } from '../../engine';
import type { SyntheticName } from '../config/types';
import { denseSplit, type Split } from './types';

export interface SyntheticOptions {
  readonly noise: number;
  readonly classes: number;
  readonly factor: number;
}

type Point = readonly [number, number];

/** One clean point of class `label` (before noise), drawn with `rng`. */
type Generator = (rng: Rng, label: number, options: SyntheticOptions) => Point;

const TAU = 2 * Math.PI;

const GENERATORS: Readonly<Record<SyntheticName, Generator>> = {
  // Arms of an Archimedean spiral, 1.5 turns from the centre to radius 1, one per class.
  spiral: (rng, label, o) => {
    const t = rng.next();
    const angle = (TAU * label) / o.classes + 1.5 * TAU * t;
    return [t * Math.sin(angle), t * Math.cos(angle)];
  },
  // sklearn's make_moons, centred on the origin.
  moons: (rng, label) => {
    const t = Math.PI * rng.next();
    return label === 0 ? [Math.cos(t) - 0.5, Math.sin(t) - 0.25] : [0.5 - Math.cos(t), 0.25 - Math.sin(t)];
  },
  // sklearn's make_circles: class 0 on the unit circle, class 1 on the circle of radius factor.
  circles: (rng, label, o) => {
    const t = TAU * rng.next();
    const r = label === 0 ? 1 : o.factor;
    return [r * Math.cos(t), r * Math.sin(t)];
  },
  // Uniform in [-1, 1]^2, redrawn until the sign pattern matches the class (1 = same signs).
  xor: (rng, label) => {
    for (;;) {
      const x = rng.uniform(-1, 1);
      const y = rng.uniform(-1, 1);
      if ((x * y > 0 ? 1 : 0) === label) return [x, y];
    }
  },
  // Blob centres evenly on the unit circle; the noise is each blob's spread.
  gaussians: (_rng, label, o) => [Math.cos((TAU * label) / o.classes), Math.sin((TAU * label) / o.classes)],
};

/** Classes of a synthetic set: moons, circles and xor are binary. */
export function syntheticClasses(name: SyntheticName, classes: number): number {
  return name === 'spiral' || name === 'gaussians' ? classes : 2;
}

export function generateSynthetic(name: SyntheticName, size: number, options: SyntheticOptions, rng: Rng): Split {
  const classes = syntheticClasses(name, options.classes);
  const inputs = new Float64Array(size * 2);
  const labels = new Uint8Array(size);
  const generate = GENERATORS[name];
  const shaped = { ...options, classes };
  for (let i = 0; i < size; i++) {
    const label = i % classes;
    const [x, y] = generate(rng, label, shaped);
    labels[i] = label;
    inputs[2 * i] = x + (options.noise > 0 ? rng.normal(0, options.noise) : 0);
    inputs[2 * i + 1] = y + (options.noise > 0 ? rng.normal(0, options.noise) : 0);
  }
  return denseSplit(inputs, labels, 2);
}
