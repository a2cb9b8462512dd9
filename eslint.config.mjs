// ESLint (flat config): typescript-eslint's recommended rules, plus import fences that keep each folder in its layer.
// The per-folder tsconfigs already hide the DOM, Node and vscode types from the pure folders; these rules add what a
// compiler cannot see: which folder may import which (a pure module importing a DOM-free file from src/webview
// type-checks, yet drags webview code into the CLI and the worker).
import { dirname, relative, resolve, sep } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Folders that run unchanged in Node, a webview, a worker and the CLI: no vscode, no Node built-ins, no DOM-side code. */
const PURE = ['engine', 'protocol', 'analysis', 'training', 'charts', 'plot'];
const NODE_BUILTINS = ['assert', 'buffer', 'child_process', 'crypto', 'events', 'fs', 'os', 'path', 'stream', 'url', 'util', 'worker_threads', 'zlib'];
const srcRoot = resolve(import.meta.dirname, 'src');

/** Which src/ folder a file belongs to ('' when outside src/). */
function topFolder(file) {
  const rel = relative(srcRoot, file);
  return rel.startsWith('..') ? '' : rel.split(sep)[0];
}

/** Local rule: nothing outside src/webview imports from it. Resolves relative paths, so src/extension/webview is not confused with src/webview. */
const noWebviewImports = {
  meta: { type: 'problem', schema: [], messages: { fenced: 'Only src/webview may import from src/webview; move shared code to a neutral folder.' } },
  create(context) {
    const from = topFolder(context.filename);
    if (from === 'webview') return {};
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      if (topFolder(resolve(dirname(context.filename), spec)) === 'webview') context.report({ node: node.source, messageId: 'fenced' });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

const pureFence = (extraPatterns = []) => ({
  'no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: 'Pure folders never import vscode.' }, ...NODE_BUILTINS.map((name) => ({ name, message: 'Pure folders never import Node built-ins.' }))],
    patterns: [
      { group: ['node:*'], message: 'Pure folders never import Node built-ins.' },
      { group: ['**/webview/**', '**/extension/**', '**/cli/**', '**/worker/**'], message: 'Pure folders import only other pure folders.' },
      ...extraPatterns,
    ],
  }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '**/*.generated.ts', 'test/fixtures/**', 'media/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    plugins: { gradlab: { rules: { 'no-webview-imports': noWebviewImports } } },
    rules: {
      // Noisy for this codebase: numeric code narrows with `!` after bounds checks, and test helpers take `any`.
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      // Ported numerical constants (fdlibm, erf) keep their published digits, more than a float64 holds, on purpose.
      'no-loss-of-precision': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
      'gradlab/no-webview-imports': 'error',
    },
  },
  { files: ['**/*.mjs', '**/*.cjs', '**/*.js'], languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', URL: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable', globalThis: 'readonly', fetch: 'readonly', URLSearchParams: 'readonly' } } },
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  { files: PURE.map((d) => `src/${d}/**/*.ts`), ignores: ['**/*.test.ts', 'src/engine/testing/**'], rules: pureFence() },
  // Node-only code shared by the worker and the CLI: no vscode, no runtime folder.
  { files: ['src/node/**/*.ts'], ignores: ['**/*.test.ts'], rules: { 'no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: 'src/node runs outside VS Code too (the CLI).' }],
    patterns: [{ group: ['**/webview/**', '**/extension/**', '**/cli/**', '**/worker/**'], message: 'src/node imports only pure folders.' }],
  }] } },
  // The engine is the bottom layer: it imports nothing else of ours.
  { files: ['src/engine/**/*.ts'], ignores: ['**/*.test.ts', 'src/engine/testing/**'], rules: pureFence([{ group: ['**/analysis/**', '**/training/**', '**/protocol/**', '**/charts/**', '**/plot/**'], message: 'The engine is the bottom layer.' }]) },
);
