// Type-checks every project the way `tsc -p <project>` does (noEmit, same diagnostics), in one process that parses
// each shared declaration file (lib.*.d.ts, @types/node, vscode.d.ts) once instead of once per project.
// Projects: every src/<folder>/tsconfig.json (each folder's purity fence) and tsconfig.test.json.
// CLI: `node scripts/typecheck.mjs [project...]` (npm run typecheck); prints `N passed, N failed` (one per project)
// and exits 1 on any error.
import ts from 'typescript';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printSummary } from '../test/runner/summary.mjs';

const root = join(fileURLToPath(import.meta.url), '..', '..');

export function defaultProjects() {
  return readdirSync(join(root, 'src'))
    .filter((d) => existsSync(join(root, 'src', d, 'tsconfig.json')))
    .map((d) => `src/${d}`)
    .concat('tsconfig.test.json');
}

const sourceCache = new Map();
/** Declaration files outside the projects' own sources are identical for every project: parse them once. */
function cachingHost(options) {
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreate) => {
    if (!fileName.endsWith('.d.ts')) return getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreate);
    const key = `${fileName}|${JSON.stringify(languageVersionOrOptions)}`;
    if (!sourceCache.has(key)) sourceCache.set(key, getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreate));
    return sourceCache.get(key);
  };
  return host;
}

/** @returns {{ project: string, ok: boolean, errors: string[], ms: number }} */
export function typecheckProject(project) {
  const t0 = Date.now();
  const abs = resolve(root, project);
  const configFile = existsSync(join(abs, 'tsconfig.json')) ? join(abs, 'tsconfig.json') : abs;
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, { noEmit: true }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  let diagnostics;
  if (!parsed) diagnostics = [];
  else {
    const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences,
      host: cachingHost(parsed.options), configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(parsed) });
    diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)];
  }
  const errors = parsed ? diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).map(formatDiagnostic) : [`cannot read ${configFile}`];
  return { project, ok: errors.length === 0, errors, ms: Date.now() - t0 };
}

function formatDiagnostic(d) {
  const msg = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  if (!d.file || d.start === undefined) return `error TS${d.code}: ${msg}`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return `${relative(root, d.file.fileName)}(${line + 1},${character + 1}): error TS${d.code}: ${msg}`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  const projects = process.argv.length > 2 ? process.argv.slice(2) : defaultProjects();
  const results = { passed: 0, failed: 0, failures: [] };
  for (const p of projects) {
    const r = typecheckProject(p);
    console.log(`  ${r.ok ? '✔' : '✘'} tsc -p ${p} (${(r.ms / 1000).toFixed(1)} s)`);
    for (const e of r.errors.slice(0, 30)) console.log(`      ${e}`);
    if (r.errors.length > 30) console.log(`      ... and ${r.errors.length - 30} more`);
    if (r.ok) results.passed++;
    else { results.failed++; results.failures.push({ title: `tsc -p ${p}`, message: `${r.errors.length} error(s), listed above` }); }
  }
  process.exit(printSummary('typecheck', results, Date.now() - t0));
}
