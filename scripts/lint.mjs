// `npm run lint`: ESLint over the repository (eslint.config.mjs), one check per linted file, summarised like the
// other tiers (`N passed, N failed`, see test/runner/summary.mjs). Problems are printed in ESLint's stylish format.
// CLI: `node scripts/lint.mjs [path...]` (default: the whole repository); exits 1 on any error.
import { ESLint } from 'eslint';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printSummary } from '../test/runner/summary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function lint(paths = ['.']) {
  const eslint = new ESLint({ cwd: root });
  const results = await eslint.lintFiles(paths);
  const formatter = await eslint.loadFormatter('stylish');
  const text = await formatter.format(results.filter((r) => r.errorCount > 0));
  if (text) console.log(text);
  const failing = results.filter((r) => r.errorCount > 0);
  return {
    passed: results.length - failing.length,
    failed: failing.length,
    failures: failing.map((r) => ({ title: `eslint ${relative(root, r.filePath)}`, message: `${r.errorCount} error(s), listed above` })),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  const r = await lint(process.argv.length > 2 ? process.argv.slice(2) : undefined);
  process.exit(printSummary('lint', r, Date.now() - t0));
}
