/**
 * The landscape page's strings: the list the host translates holds exactly the t('...') literals of
 * the page's sources, and every one (and the host's own) has a zh-cn translation with the same {n}.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { LANDSCAPE_PAGE_STRINGS } from './pageStrings';

const root = join(__dirname, '..', '..', '..');

function literalsOfT(dir: string): Set<string> {
  const found = new Set<string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 't' && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
        found.add(node.arguments[0].text);
      }
      ts.forEachChild(node, visit);
    };
    visit(ts.createSourceFile(f, readFileSync(join(dir, f), 'utf8'), ts.ScriptTarget.ES2022, true));
  }
  return found;
}

describe('landscape page strings', () => {
  it('lists exactly the strings the page shows', () => {
    assert.deepEqual([...literalsOfT(join(root, 'src', 'webview', 'landscape'))].sort(), [...new Set(LANDSCAPE_PAGE_STRINGS)].sort());
  });

  it('has a zh-cn translation for each, with the same placeholders', () => {
    const zh = JSON.parse(readFileSync(join(root, 'l10n', 'parts', 'landscape.zh-cn.json'), 'utf8')) as Record<string, string>;
    const placeholders = (s: string) => [...s.matchAll(/\{(\d+)\}/g)].map((m) => m[1]).sort().join(',');
    const host = ['Loss Landscape', 'Open a *.gradlab.json file to see the loss landscape of its network.',
      '{0} has errors; fix them (see the Problems panel) to see its loss landscape.',
      'The loss landscape supports the synthetic data sets (moons, circles, spiral, xor, gaussians); {0} trains on MNIST.'];
    for (const s of [...LANDSCAPE_PAGE_STRINGS, ...host]) {
      assert.ok(typeof zh[s] === 'string' && zh[s].length > 0, `no zh-cn translation for "${s}"`);
      assert.equal(placeholders(zh[s]), placeholders(s), `placeholders differ for "${s}"`);
    }
  });
});
