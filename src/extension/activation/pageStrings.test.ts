import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIVATIONS } from '../../plot/catalog';
import { ACTIVATION_PAGE_STRINGS } from './pageStrings';

const root = join(__dirname, '..', '..', '..');
const zh = JSON.parse(readFileSync(join(root, 'l10n', 'parts', 'activation.zh-cn.json'), 'utf8')) as Record<string, string>;

/** First arguments of t('...') / vscode.l10n.t('...') calls with a literal string. */
function literalCalls(dir: string, call: RegExp): string[] {
  const found: string[] = [];
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.ts') || f.endsWith('.test.ts')) continue;
    const text = readFileSync(join(dir, f), 'utf8');
    for (const m of text.matchAll(call)) found.push(m[2].replace(/\\(["'])/g, '$1'));
  }
  return found;
}

describe('activation panel strings', () => {
  it("lists every t('...') of the page, so the host passes its translation", () => {
    const used = literalCalls(join(root, 'src', 'webview', 'activation'), /\bt\((["'])((?:\\.|(?!\1).)*)\1/g);
    assert.ok(used.length > 20, `found only ${used.length} calls: the scan is broken`);
    const missing = used.filter((s) => !ACTIVATION_PAGE_STRINGS.includes(s));
    assert.deepEqual(missing, []);
  });

  it('translates every page string, host string and registry description into zh-cn', () => {
    const host = literalCalls(join(root, 'src', 'extension', 'activation'), /\bl10n\.t\((["'])((?:\\.|(?!\1).)*)\1/g);
    assert.ok(host.length > 5, 'the host scan found nothing');
    const all = [...ACTIVATION_PAGE_STRINGS, ...host, ...ACTIVATIONS.map((a) => a.description)];
    const untranslated = all.filter((s) => !zh[s]);
    assert.deepEqual(untranslated, []);
  });

  it('keeps {n} placeholders in translations', () => {
    for (const [en, cn] of Object.entries(zh)) {
      const holes = (s: string) => (s.match(/\{\d+\}/g) ?? []).sort().join();
      assert.equal(holes(cn), holes(en), `placeholders differ for "${en}"`);
    }
  });
});
