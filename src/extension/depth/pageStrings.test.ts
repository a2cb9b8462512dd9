/**
 * The depth page's strings: the list the host translates must hold every t('...') of the page and
 * every preset title and description, and each must have a zh-cn translation with the same {n}
 * placeholders.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { DEPTH_PRESETS } from '../../analysis/depth/presets';
import { VERDICT_STRINGS } from '../../analysis/depth/verdict';
import { DEPTH_PAGE_STRINGS } from './pageStrings';

const root = join(__dirname, '..', '..', '..');
const HOST_STRINGS = ['Gradient Depth', 'Saved {0}', 'Export'];

/** The literal first arguments of every t(...) call in the page's sources. */
function pageCalls(): Set<string> {
  const dir = join(root, 'src', 'webview', 'depth');
  const found = new Set<string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
    const source = ts.createSourceFile(f, readFileSync(join(dir, f), 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 't') {
        // Non-literal calls (t(preset.title)) translate strings collected from their own sources below.
        const first = node.arguments[0];
        if (first && ts.isStringLiteralLike(first)) found.add(first.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\d+)\}/g)].map((m) => m[1]).sort().join(',');

describe('depth page strings', () => {
  it('lists exactly the strings the page and the presets show', () => {
    const expected = new Set([...pageCalls(), ...VERDICT_STRINGS, ...DEPTH_PRESETS.flatMap((p) => [p.title, p.description])]);
    const listed = new Set(DEPTH_PAGE_STRINGS);
    assert.deepEqual([...expected].filter((s) => !listed.has(s)), [], 'shown but not listed (the host would not translate them)');
    assert.deepEqual([...listed].filter((s) => !expected.has(s)), [], 'listed but no longer shown');
  });

  it('has a zh-cn translation for every string, with the same placeholders', () => {
    const zh = JSON.parse(readFileSync(join(root, 'l10n', 'parts', 'depth.zh-cn.json'), 'utf8')) as Record<string, string>;
    for (const s of [...DEPTH_PAGE_STRINGS, ...HOST_STRINGS]) {
      assert.ok(typeof zh[s] === 'string' && zh[s].length > 0, `no zh-cn translation for "${s}"`);
      assert.equal(placeholders(zh[s]), placeholders(s), `placeholders differ for "${s}"`);
    }
  });
});
