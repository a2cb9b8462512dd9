import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const read = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8')) as unknown;

type Visit = (node: Record<string, unknown>, path: string, insideIf: boolean) => void;
function walk(node: unknown, visit: Visit, path = '#', insideIf = false): void {
  if (Array.isArray(node)) node.forEach((n, i) => walk(n, visit, `${path}/${i}`, insideIf));
  else if (node && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    visit(obj, path, insideIf);
    for (const [k, v] of Object.entries(obj)) walk(v, visit, `${path}/${k}`, insideIf || k === 'if');
  }
}

describe('the editor schema (schemas/gradlab.editor.schema.json, what VS Code\'s JSON service gets)', () => {
  it('is what scripts/gen-editor-schema.mjs writes from gradlab.schema.json', async () => {
    const { generate } = (await import(join(root, 'scripts', 'gen-editor-schema.mjs'))) as { generate: () => string };
    assert.ok(readFileSync(join(root, 'schemas', 'gradlab.editor.schema.json'), 'utf8') === generate(),
      'gradlab.editor.schema.json is stale: run node scripts/gen-editor-schema.mjs');
  });

  it('is the schema package.json associates with *.gradlab.json', () => {
    const manifest = read('package.json') as { contributes: { jsonValidation: { fileMatch: string; url: string }[] } };
    assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: '*.gradlab.json', url: './schemas/gradlab.editor.schema.json' }]);
  });

  it('constrains nothing outside its if-conditions, so the JSON service reports no schema problem twice', async () => {
    const { CONSTRAINTS } = (await import(join(root, 'scripts', 'gen-editor-schema.mjs'))) as { CONSTRAINTS: string[] };
    const found: string[] = [];
    walk(read('schemas/gradlab.editor.schema.json'), (node, path, insideIf) => {
      if (insideIf) return;
      for (const k of CONSTRAINTS) if (k in node && !path.includes('/properties/' + k)) found.push(`${path}/${k}`);
    });
    assert.deepEqual(found, []);
  });

  it('keeps every description and offers every allowed value (completion and hover lose nothing)', () => {
    const source = JSON.stringify(read('schemas/gradlab.editor.schema.json'));
    const descriptions: string[] = [], values: unknown[] = [];
    walk(read('schemas/gradlab.schema.json'), (node) => {
      if (typeof node.description === 'string') descriptions.push(node.description);
      if (Array.isArray(node.enum)) values.push(...node.enum);
      if ('const' in node) values.push(node.const);
    });
    assert.ok(descriptions.length > 50 && values.length > 40);
    for (const d of descriptions) assert.ok(source.includes(JSON.stringify(d)), `description lost: ${d}`);
    const examples = new Set<string>();
    walk(read('schemas/gradlab.editor.schema.json'), (node) => {
      if (Array.isArray(node.examples)) for (const e of node.examples) examples.add(JSON.stringify(e));
    });
    for (const v of values) assert.ok(examples.has(JSON.stringify(v)), `value not offered: ${JSON.stringify(v)}`);
  });
});
