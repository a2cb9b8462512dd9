import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkConfig, renderMessage } from './index';

const root = join(__dirname, '..', '..', '..');
const CALL = /\bmsg\(/g;
const LITERAL_CALL = /\bmsg\(\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/g;

/** Every template passed to msg() in the config checks (they must be string literals, so they can be listed). */
function templates(): Set<string> {
  const dir = __dirname;
  const out = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.includes('.generated.'))) {
    const text = readFileSync(join(dir, file), 'utf8').replace(/export function msg\(/, '');
    const literals = [...text.matchAll(LITERAL_CALL)];
    assert.equal(literals.length, [...text.matchAll(CALL)].length, `${file}: msg() must be called with a string literal template`);
    for (const m of literals) out.add(JSON.parse(m[1].startsWith("'") ? `"${m[1].slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"` : m[1]) as string);
  }
  return out;
}

const placeholders = (s: string) => [...new Set([...s.matchAll(/\{\d+\}/g)].map((m) => m[0]))].sort();

describe('training/config: diagnostic messages', () => {
  const zh = JSON.parse(readFileSync(join(root, 'l10n', 'parts', 'diagnostics.zh-cn.json'), 'utf8')) as Record<string, string>;

  it('has a zh-cn translation for every template, with the same placeholders, and none left over', () => {
    const used = templates();
    assert.ok(used.size > 90, `only ${used.size} templates found`);
    for (const t of used) {
      assert.ok(typeof zh[t] === 'string' && zh[t].length > 0, `no zh-cn translation for "${t}"`);
      assert.deepEqual(placeholders(zh[t]), placeholders(t), `placeholders differ for "${t}"`);
    }
    for (const key of Object.keys(zh)) assert.ok(used.has(key), `"${key}" is translated but no longer used`);
  });

  it('no string is translated differently in two l10n parts (the build merges them into one bundle)', () => {
    const seen = new Map<string, [string, string]>();
    for (const file of readdirSync(join(root, 'l10n', 'parts'))) {
      const part = JSON.parse(readFileSync(join(root, 'l10n', 'parts', file), 'utf8')) as Record<string, string>;
      for (const [k, v] of Object.entries(part)) {
        const before = seen.get(k);
        assert.ok(!before || before[1] === v, `"${k}" is "${before?.[1]}" in ${before?.[0]} but "${v}" in ${file}`);
        seen.set(k, [file, v]);
      }
    }
  });

  it('renders a problem in English by default and translated, nested parts included, with a translator', () => {
    const { problems } = checkConfig('{ "data": { "dataset": "mnist" }, "model": { "layers": [784, 10] }, "optimizer": { "name": "sgd", "lr": 0.1 }, "batch_size": 0.5 }');
    const p = problems.find((x) => x.code === 'schema')!;
    assert.equal(renderMessage(p.text), p.message);
    assert.match(p.message, /^batch_size must be an integer from 1 to \d+ \(got a number 0\.5\)$/);
    const translated = renderMessage(p.text, (template, args) => (zh[template] ?? template).replace(/\{(\d+)\}/g, (_, i: string) => args[Number(i)]));
    assert.match(translated, /^batch_size 必须是\d+ 到 \d+ 之间的整数\(实际为数字 0\.5\)$/);
  });
});
