import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOWNLOAD_ERROR_WORDS } from './download';

const root = join(__dirname, '..', '..', '..');
/** The files whose runtime strings l10n/parts/mnist.zh-cn.json translates. */
const SOURCES = ['src/extension/mnist/index.ts', 'src/extension/training/diagnostics.ts', 'src/extension/training/codeActions.ts'];
const LITERAL = /l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g;

describe('Get Full MNIST: strings', () => {
  it('has a zh-cn translation for every string the command, its failures, its warning and its quick fix show, with the same placeholders', () => {
    const zh = {
      ...JSON.parse(readFileSync(join(root, 'l10n', 'parts', 'mnist.zh-cn.json'), 'utf8')),
      ...JSON.parse(readFileSync(join(root, 'l10n', 'parts', 'training.zh-cn.json'), 'utf8')),
    } as Record<string, string>;
    const used = SOURCES.flatMap((f) => [...readFileSync(join(root, f), 'utf8').matchAll(LITERAL)].map((m) => m[1].replace(/\\'/g, "'")));
    // The download's failures: DownloadError templates, and the words they name (translated with them).
    const download = readFileSync(join(root, 'src/extension/mnist/download.ts'), 'utf8');
    used.push(...[...download.matchAll(/new DownloadError\(\s*'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1]), ...DOWNLOAD_ERROR_WORDS);
    assert.ok(used.length >= 12, `found ${used.length}`);
    const placeholders = (s: string) => [...s.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();
    for (const s of used) {
      assert.ok(zh[s], `no zh-cn translation for "${s}"`);
      assert.deepEqual(placeholders(zh[s]), placeholders(s), s);
    }
    const own = JSON.parse(readFileSync(join(root, 'l10n', 'parts', 'mnist.zh-cn.json'), 'utf8')) as Record<string, string>;
    for (const key of Object.keys(own)) assert.ok(used.includes(key), `"${key}" is translated but not used`);
  });
});
