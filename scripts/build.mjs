// One esbuild script, one bundle per runtime. Entries are found by convention so a feature adds a
// bundle by adding a file:
//   src/extension/extension.ts        -> dist/extension.js          (node, cjs, vscode external)
//   src/cli/main.ts                   -> dist/cli.js                (node, cjs, with a shebang)
//   src/worker/<name>.ts              -> dist/worker/<name>.js      (node worker_threads)
//   src/webview/<panel>/main.ts       -> dist/webview/<panel>.js    (browser, iife)
//   src/webview/workers/<name>.ts     -> dist/webview/workers/<name>.js (browser web worker, iife)
//   src/engine/index.ts               -> dist/engine.neutral.js     (platform neutral: proves the engine is pure)
// Flags: --production (minify, no source maps), --watch.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join, basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { writeNotices } from './notices.mjs';
import { writePackageReadme } from './package-readme.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const at = (...p) => join(root, ...p);
const files = (dir, pred) => (existsSync(at(dir)) ? readdirSync(at(dir)).filter(pred) : []);

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  metafile: true, // ThirdPartyNotices.txt lists every node_modules input
  target: 'es2022',
  define: { 'process.env.GRADLAB_PRODUCTION': JSON.stringify(production), GRADLAB_VERSION: JSON.stringify(JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json'), 'utf8')).version) },
};

// Node bundles prefer a package's ES module build: jsonc-parser's UMD main does a dynamic require that
// esbuild cannot bundle ("Cannot find module './impl/format'" at run time).
const node = { platform: 'node', format: 'cjs', mainFields: ['module', 'main'] };

const builds = [];
if (existsSync(at('src/extension/extension.ts'))) {
  builds.push({ ...common, entryPoints: [at('src/extension/extension.ts')], outfile: at('dist/extension.js'),
    ...node, external: ['vscode'] });
}
if (existsSync(at('src/cli/main.ts'))) {
  builds.push({ ...common, entryPoints: [at('src/cli/main.ts')], outfile: at('dist/cli.js'),
    ...node, banner: { js: '#!/usr/bin/env node' } });
}
for (const f of files('src/worker', (n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
  builds.push({ ...common, entryPoints: [at('src/worker', f)], outfile: at('dist/worker', basename(f, '.ts') + '.js'),
    ...node });
}
for (const panel of files('src/webview', (n) => existsSync(at('src/webview', n, 'main.ts')))) {
  builds.push({ ...common, entryPoints: [at('src/webview', panel, 'main.ts')], outfile: at('dist/webview', panel + '.js'),
    platform: 'browser', format: 'iife' });
}
for (const f of files('src/webview/workers', (n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
  builds.push({ ...common, entryPoints: [at('src/webview/workers', f)], outfile: at('dist/webview/workers', basename(f, '.ts') + '.js'),
    platform: 'browser', format: 'iife' });
}
if (existsSync(at('src/engine/index.ts'))) {
  builds.push({ ...common, entryPoints: [at('src/engine/index.ts')], outfile: at('dist/engine.neutral.js'),
    platform: 'neutral', format: 'esm', mainFields: ['module', 'main'] });
}

/** Static assets the webviews load as files (CSP forbids inline styles). */
const copiedAssets = [];
function copyAssets() {
  mkdirSync(at('dist/webview'), { recursive: true });
  const uplotCss = at('node_modules/uplot/dist/uPlot.min.css');
  if (existsSync(uplotCss)) { copyFileSync(uplotCss, at('dist/webview/uPlot.min.css')); copiedAssets.push(uplotCss); }
}

/** Each feature keeps its zh-cn runtime strings in l10n/parts/*.zh-cn.json; vscode.l10n reads one bundle. */
function mergeL10n() {
  const parts = files('l10n/parts', (n) => n.endsWith('.zh-cn.json'));
  const merged = {};
  for (const p of parts.sort()) Object.assign(merged, JSON.parse(readFileSync(at('l10n/parts', p), 'utf8')));
  mkdirSync(at('l10n'), { recursive: true }); // a fresh clone has no l10n/ until a feature adds a part
  writeFileSync(at('l10n/bundle.l10n.zh-cn.json'), JSON.stringify(merged, null, 2) + '\n');
}

/** Data packed as bytes (scripts/pack-*.mjs write into media/data, skipped when already there). */
function packData() {
  for (const s of files('scripts', (n) => /^pack-.*\.mjs$/.test(n))) execFileSync(process.execPath, [at('scripts', s)], { stdio: 'inherit' });
}

packData();
copyAssets();
mergeL10n();
if (watch) {
  const ctxs = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(ctxs.map((c) => c.watch()));
  console.log(`[watch] ${ctxs.length} bundles; watching for changes`);
} else {
  const t0 = Date.now();
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  writeNotices(root, results.map((r) => r.metafile), copiedAssets);
  writePackageReadme(root);
  console.log(`built ${builds.length} bundles in ${Date.now() - t0} ms${production ? ' (production)' : ''}`);
}
