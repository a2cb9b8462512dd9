import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkConfig, lineColumn } from './index';

/**
 * The corpus of bad configs (test/fixtures/bad-configs): every file gets exactly its expected
 * errors, at the expected line and column range, with the expected message (and quick fix).
 * expected.json was generated once and then reviewed by hand; a change here is a change users see.
 */
const DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'bad-configs');

interface Expected {
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  code: string;
  message: string;
  fix?: string;
}

const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, Expected[]>;
const files = readdirSync(DIR).filter((f) => f.endsWith('.gradlab.json')).sort();

/** Bytes as an editor or the CLI would decode them (invalid UTF-8 becomes U+FFFD). */
function read(file: string): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(readFileSync(join(DIR, file)));
}

describe('training/config: the bad-config corpus', () => {
  it('has at least 40 files, each listed in expected.json', () => {
    assert.ok(files.length >= 40, `only ${files.length} files`);
    assert.deepEqual(files, Object.keys(expected).sort());
  });

  for (const file of files) {
    it(file, () => {
      const text = read(file);
      const result = checkConfig(text);
      assert.equal(result.config, undefined, 'a bad file must not yield a config');
      const errors = result.problems.filter((p) => p.severity === 'error');
      assert.ok(errors.length > 0, 'a bad file must have an error');
      const got = errors.map((p) => {
        const a = lineColumn(text, p.start);
        const b = lineColumn(text, p.end);
        return { line: a.line, column: a.column, end_line: b.line, end_column: b.column, code: p.code, message: p.message, ...(p.replacement ? { fix: p.replacement } : {}) };
      });
      assert.deepEqual(got, expected[file]);
      for (const p of result.problems) {
        assert.ok(p.start >= 0 && p.start <= p.end && p.end <= text.length, `range ${p.start}-${p.end} inside the text`);
        assert.ok(!/\n\s+at /.test(p.message), 'no stack trace in a message');
      }
    });
  }
});
