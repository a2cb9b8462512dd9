import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LIVE_PAGE_STRINGS } from './pageStrings';

const root = join(__dirname, '..', '..', '..');
const sources = (dir: string) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => readFileSync(join(root, dir, f), 'utf8'));

/** The first argument of every call like `t('...')` (pages) or `l10n.t('...')` (host). */
function literals(texts: readonly string[], call: RegExp): Set<string> {
  const found = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(call)) found.add(m[1]!.replace(/\\'/g, "'"));
  return found;
}

/** The live feature's host files (the config-authoring files in the same folder belong to another part). */
const HOST_FILES = ['commands', 'gradientsView', 'index', 'liveLoop', 'livePage', 'liveRun', 'session', 'statusBar', 'trainingPanel'];

describe('live page strings', () => {
  const pageTexts = [...sources('src/webview/livePage'), ...sources('src/webview/gradientsView'), ...sources('src/webview/trainingPanel')];
  const used = literals(pageTexts, /\bt\(\s*'((?:[^'\\]|\\.)*)'/g);
  const zh = JSON.parse(readFileSync(join(root, 'l10n', 'parts', 'live.zh-cn.json'), 'utf8')) as Record<string, string>;

  it('lists every string the pages translate, and nothing else', () => {
    assert.deepEqual([...used].filter((s) => !LIVE_PAGE_STRINGS.includes(s)), [], 'used but not in LIVE_PAGE_STRINGS');
    assert.deepEqual(LIVE_PAGE_STRINGS.filter((s) => !used.has(s)), [], 'listed but never used');
  });

  it('has a zh-cn translation for every page and host string, with the same placeholders', () => {
    const hostTexts = HOST_FILES.map((f) => readFileSync(join(root, 'src', 'extension', 'training', `${f}.ts`), 'utf8'));
    const host = literals(hostTexts, /l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g);
    for (const s of [...used, ...host]) {
      assert.ok(zh[s], `no zh-cn translation for "${s}"`);
      const placeholders = (x: string) => [...x.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();
      assert.deepEqual(placeholders(zh[s]!), placeholders(s), `placeholders differ in "${s}"`);
    }
  });
});
