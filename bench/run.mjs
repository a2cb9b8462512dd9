// Entry of `npm run bench`. Bundles the TypeScript harness (bench/main.ts, bench/child.ts) with
// esbuild into a private folder under node_modules/.cache (so the bundles still resolve
// @tensorflow/* from node_modules), runs it, and removes the folder. Bundling once up front keeps
// every child process free of a TypeScript loader: a child starts as plain `node child.mjs`.
import * as esbuild from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'node_modules', '.cache', 'gradlab-bench', String(process.pid));

try {
  await esbuild.build({
    entryPoints: { main: join(root, 'bench/main.ts'), child: join(root, 'bench/child.ts') },
    outdir,
    bundle: true,
    splitting: true, // tfjs is imported lazily: gradlab children never load it
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
  });
  const { main } = await import(pathToFileURL(join(outdir, 'main.mjs')).href);
  await main(process.argv.slice(2), join(outdir, 'child.mjs'), join(root, 'bench', 'results'));
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
