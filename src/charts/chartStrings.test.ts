import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHART_STRING_LIST } from './chartStrings';

describe('chart strings', () => {
  it('has a zh-cn translation for every string a chart shows by itself, with the same placeholders', () => {
    const zh = JSON.parse(readFileSync(join(__dirname, '..', '..', 'l10n', 'parts', 'charts.zh-cn.json'), 'utf8')) as Record<string, string>;
    const holes = (s: string) => (s.match(/\{\d+\}/g) ?? []).sort().join();
    for (const s of CHART_STRING_LIST) {
      assert.ok(zh[s], `no zh-cn translation for "${s}"`);
      assert.equal(holes(zh[s]), holes(s));
    }
  });
});
