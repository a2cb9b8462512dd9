/**
 * What ships: the .vsix (built by vsce from the files `vsce ls` lists, in a temp folder) and the npm tarball of
 * the CLI, checked file by file; ThirdPartyNotices.txt checked against the bundles themselves (the development
 * build's `// node_modules/<package>/...` path comments name every library esbuild pulled in).
 * Needs a build (`npm run build`); skipped without one.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const ROOT = join(__dirname, '..', '..');
const MAX_VSIX_BYTES = 3 * 1024 * 1024;
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** The entries of a zip file (central directory), with a reader for each. */
function zipEntries(file: string): Map<string, () => Buffer> {
  const zip = readFileSync(file);
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, `${file} is not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries = new Map<string, () => Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'central directory entry');
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.set(name, () => {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressed);
      return method === 8 ? inflateRawSync(data) : Buffer.from(data);
    });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

/** Packages named by esbuild's path comments in the (unminified) bundles. */
function packagesInBundles(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const f of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, f.name);
      if (f.isDirectory()) walk(p);
      else if (f.name.endsWith('.js')) {
        for (const m of readFileSync(p, 'utf8').matchAll(/^\s*\/\/ node_modules\/((?:@[^/\s]+\/)?[^/\s]+)\//gm)) names.add(m[1]);
      }
    }
  };
  walk(join(ROOT, 'dist'));
  return names;
}

describe('package: the .vsix', function () {
  this.timeout(180_000);
  let listed: string[] = [];
  let vsix = '';
  let entries = new Map<string, () => Buffer>();
  const temp = mkdtempSync(join(tmpdir(), 'gradlab-vsix-'));

  before(async function () {
    if (!existsSync(join(ROOT, 'dist', 'extension.js')) || !existsSync(join(ROOT, 'ThirdPartyNotices.txt'))) this.skip();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const vsce = require('@vscode/vsce') as typeof import('@vscode/vsce');
    // readmePath reaches vsce's file collector, though vsce's typings omit it.
    const options = { cwd: ROOT, packageManager: vsce.PackageManager.None, readmePath: manifest.vsce.readmePath as string };
    listed = (await vsce.listFiles(options)).map((f) => f.replace(/\\/g, '/'));
    // Package exactly those files from a copy, without the prepublish step (it would rebuild the real dist/).
    const src = join(temp, 'src');
    for (const f of listed) {
      mkdirSync(dirname(join(src, f)), { recursive: true });
      copyFileSync(join(ROOT, f), join(src, f));
    }
    const copy = { ...manifest, scripts: { ...manifest.scripts } };
    delete copy.scripts['vscode:prepublish'];
    writeFileSync(join(src, 'package.json'), JSON.stringify(copy, null, 2));
    writeFileSync(join(src, '.vscodeignore'), '# the copy holds only the listed files\n');
    vsix = join(temp, 'gradient-lab.vsix');
    const log = console.log;
    console.log = () => {}; // vsce's "DONE Packaged" line
    try {
      await vsce.createVSIX({ cwd: src, packagePath: vsix });
    } finally {
      console.log = log;
    }
    entries = zipEntries(vsix);
  });
  after(() => rmSync(temp, { recursive: true, force: true }));

  it('ships what runs and nothing else: bundles, webview styles, data, schemas, l10n, notices; no maps, sources or tests', () => {
    for (const f of ['package.json', 'package.nls.json', 'package.nls.zh-cn.json', 'LICENSE', 'CHANGELOG.md', 'ThirdPartyNotices.txt',
      'dist/extension.js', 'dist/cli.js', 'dist/worker/trainer.js', 'dist/webview/uPlot.min.css', 'l10n/bundle.l10n.zh-cn.json',
      'media/data/mnist-10k.bin.gz', 'media/icon.png', manifest.contributes.jsonValidation[0].url.replace(/^\.\//, '')]) {
      assert.ok(listed.includes(f), `${f} is not in the package`);
    }
    for (const panel of readdirSync(join(ROOT, 'src', 'webview')).filter((n) => existsSync(join(ROOT, 'src', 'webview', n, 'main.ts')))) {
      assert.ok(listed.includes(`dist/webview/${panel}.js`), `the ${panel} webview bundle is not in the package`);
    }
    const refused = listed.filter((f) => /\.map$|^src\/|^test\/|^node_modules\/|^scripts\/|^docs\/|engine\.neutral|\.ts$/.test(f));
    assert.deepEqual(refused, []);
    assert.ok(!listed.includes('README.md'), 'the README with relative images is replaced by dist/README.md');
  });

  it(`stays under 3 MB; the archive holds the listed files (+ vsce's manifest and content types)`, () => {
    const size = statSync(vsix).size;
    assert.ok(size < MAX_VSIX_BYTES, `${vsix}: ${size} bytes`);
    const names = [...entries.keys()];
    assert.ok(names.includes('extension.vsixmanifest') && names.includes('[Content_Types].xml'));
    const inside = names.filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
    assert.equal(inside.length, listed.length);
    for (const f of listed) {
      const packed = f === manifest.vsce.readmePath ? 'readme.md' : f === 'CHANGELOG.md' ? 'changelog.md' : f === 'LICENSE' ? 'LICENSE.txt' : f;
      assert.ok(inside.includes(packed), `${f} (as ${packed}) is not in the .vsix`);
    }
  });

  it("the details page's README has no relative image or link (nothing broken); each screenshot is named by its caption", () => {
    const readme = entries.get('extension/readme.md')!().toString('utf8');
    assert.doesNotMatch(readme, /!\[[^\]]*\]\((?!https:)[^)]*\)/, 'an image that is not https');
    assert.doesNotMatch(readme, /\]\((?!https?:|mailto:|#)[^)]*\)/, 'a relative link');
    const source = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const relativeImages = [...source.matchAll(/!\[([^\]]*)\]\((?!https:)[^)]*\)/g)].map((m) => m[1].replace(/\s+/g, ' ').trim());
    for (const caption of relativeImages) assert.ok(readme.includes(`*Screenshot: ${caption}*`), caption);
    assert.equal(readme.length > source.length * 0.9, true, 'the text itself is kept');
  });

  it('honest metadata: no placeholder repository, gallery banner, Q&A as the place for reports', () => {
    const xml = entries.get('extension.vsixmanifest')!().toString('utf8');
    assert.doesNotMatch(xml, /example\.invalid/);
    assert.equal(manifest.repository, undefined);
    assert.match(xml, /Branding\.Color" Value="#[0-9a-fA-F]{6}"/);
    assert.match(xml, /Branding\.Theme" Value="(dark|light)"/);
    assert.match(xml, /EnableMarketplaceQnA" Value="true"/);
    assert.match(readFileSync(join(ROOT, 'README.md'), 'utf8'), /report problems and questions on the \*\*Q & A\*\* tab/);
  });

  it('ThirdPartyNotices.txt: a section with the licence text for every library in the bundles, and the MNIST attribution', function () {
    const notices = entries.get('extension/ThirdPartyNotices.txt')!().toString('utf8');
    const bundled = packagesInBundles();
    if (bundled.size === 0) this.skip(); // a production (minified) build has no path comments to check against
    assert.ok(bundled.has('uplot') && bundled.has('jsonc-parser'), [...bundled].join(', '));
    for (const name of bundled) {
      const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8'));
      const at = notices.indexOf(`\n${name} ${pkg.version} (${pkg.license})\n`);
      assert.ok(at >= 0, `no section for ${name}`);
      const body = notices.slice(at, notices.indexOf('\n=====', at + name.length + 100));
      assert.match(body, /Copyright|Permission is hereby granted|Apache License/i, `${name}: no licence text`);
    }
    assert.match(notices, /Copyright \(c\) 2022 Leon Sorokin/);
    // Data: every file under media/data has an attributed section.
    for (const f of readdirSync(join(ROOT, 'media', 'data'))) assert.ok(notices.includes(`: media/data/${f}\n`), `media/data/${f} has no notice`);
    for (const who of ['Yann LeCun', 'Corinna Cortes', 'Christopher J.C. Burges', 'Copyright (c) 2015 Juan Cazala', 'NIST']) assert.ok(notices.includes(who), who);
  });
});

describe('package: the npm tarball of the CLI', function () {
  this.timeout(180_000);
  const temp = mkdtempSync(join(tmpdir(), 'gradlab-npm-'));
  after(() => rmSync(temp, { recursive: true, force: true }));
  before(function () {
    if (!existsSync(join(ROOT, 'dist', 'cli.js'))) this.skip();
  });

  it('holds the CLI, its data and the notices, and `npx ./gradient-lab-<version>.tgz` runs gradlab', () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    // --ignore-scripts: pack the current build instead of running prepack's production build on the real dist/.
    const packed = JSON.parse(execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', temp], { cwd: ROOT, encoding: 'utf8' }));
    const files = packed[0].files.map((f: { path: string }) => f.path).sort();
    assert.deepEqual(files, ['LICENSE', 'README.md', 'ThirdPartyNotices.txt', 'dist/cli.js', 'media/data/mnist-10k.bin.gz', 'package.json']);
    assert.equal(manifest.bin.gradlab, './dist/cli.js');
    assert.ok(readFileSync(join(ROOT, 'dist', 'cli.js'), 'utf8').startsWith('#!/usr/bin/env node\n'));
    const tgz = `./${packed[0].filename}`;
    const help = spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['--yes', tgz, '--help'], { cwd: temp, encoding: 'utf8', timeout: 120_000 });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /^gradlab: Gradient Lab from the command line/);
    const train = spawnSync('npx', ['--yes', tgz, 'train', '-', '--steps', '2'], { cwd: temp, encoding: 'utf8', timeout: 120_000,
      input: JSON.stringify({ data: { dataset: 'mnist', train: 200, test: 50 }, model: { layers: [784, 10] }, optimizer: { name: 'sgd', lr: 0.1 } }) });
    assert.equal(train.status, 0, train.stderr);
    assert.match(train.stdout, /^completed: 2 steps/, 'the packed MNIST digits are found beside the CLI');
  });
});
