/**
 * Config checks under hostile texts just below the size limit: every check over the text is
 * linear (or n log n), and at most MAX_PROBLEMS problems are listed. Bounds are asserted on counts
 * and on generous budgets of this process's CPU time (each case took 8 to 100+ s when a check was
 * quadratic; linear, each takes at most ~3 s even on a loaded machine), never on the wall clock.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { checkConfig, formatProblem, lineColumn, MAX_PROBLEMS, type Problem } from './index';
import { MAX_TEXT_LENGTH } from './syntax';

function cpuSeconds<T>(work: () => T): { result: T; seconds: number } {
  const start = process.cpuUsage();
  const result = work();
  const used = process.cpuUsage(start);
  return { result, seconds: (used.user + used.system) / 1e6 };
}

/** Checks and formats every problem as the CLI prints it. */
function checkAndPrint(text: string): readonly Problem[] {
  const { problems } = checkConfig(text);
  for (const p of problems) formatProblem('x.gradlab.json', text, p);
  return problems;
}

const config = (modelExtra: string) =>
  `{"data": {"dataset": "moons"}, "model": {"layers": [2, 8, 2]${modelExtra}}, "optimizer": {"name": "sgd", "lr": 0.1}}`;

function repeat(n: number, item: (i: number) => string): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(item(i));
  return parts.join('');
}

describe('training/config: hostile texts are checked in bounded time', function () {
  this.timeout(120_000);

  const cases: { name: string; text: () => string; budget: number; expect: (problems: readonly Problem[]) => void }[] = [
    {
      name: "'{' + 'x,' x 499,990 + '}' (500,000 syntax errors on one line)",
      text: () => `{${'x,'.repeat(499_990)}}`,
      budget: 10,
      expect: (problems) => {
        assert.ok(problems.length >= 1 && problems.length <= 20, String(problems.length));
        assert.equal(problems[0].code, 'syntax');
      },
    },
    {
      name: '60,000 unknown keys',
      text: () => config(repeat(60_000, (i) => `,\n"k${i}": 1`)),
      budget: 15,
      expect: (problems) => {
        assert.equal(problems.length, MAX_PROBLEMS + 1);
        assert.ok(problems.slice(0, MAX_PROBLEMS).every((p) => p.code === 'unknown-key'));
        assert.equal(problems[MAX_PROBLEMS].code, 'too-many');
        assert.equal(problems[MAX_PROBLEMS].message, 'and 59,900 more problems like these, not listed: fix the ones above first');
      },
    },
    {
      name: '60,000 repeated "layers" keys',
      text: () => config(repeat(60_000, () => ',\n"layers":[2,2]')),
      budget: 10,
      expect: (problems) => {
        assert.equal(problems.length, MAX_PROBLEMS + 1);
        assert.ok(problems.slice(0, MAX_PROBLEMS).every((p) => p.code === 'duplicate-key'));
        assert.match(problems[MAX_PROBLEMS].message, /^and 59,900 more problems/);
      },
    },
    {
      name: 'one 900 KB unknown key (no edit distance on it)',
      text: () => config(`, "${'k'.repeat(900_000)}": 1`),
      budget: 3,
      expect: (problems) => {
        assert.equal(problems.length, 1);
        assert.equal(problems[0].code, 'unknown-key');
        assert.ok(problems[0].message.length < 300, 'the key is quoted short');
        assert.doesNotMatch(problems[0].message, /Did you mean/);
      },
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const text = c.text();
      assert.ok(text.length <= MAX_TEXT_LENGTH, `${text.length} characters`);
      const { result, seconds } = cpuSeconds(() => checkAndPrint(text));
      c.expect(result);
      if (process.env.GRADLAB_BOUNDS_LOG) console.log(`      ${seconds.toFixed(2)} s CPU, ${result.length} problems`);
      assert.ok(seconds < c.budget, `${seconds.toFixed(2)} s of CPU, budget ${c.budget} s`);
    });
  }

  it('lineColumn agrees with counting from the start (\\n, \\r\\n and \\r)', () => {
    const naive = (text: string, offset: number) => {
      let line = 1;
      let lineStart = 0;
      for (let i = 0; i < Math.min(offset, text.length); i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
          line++;
          lineStart = i + 1;
        }
      }
      return { line, column: offset - lineStart + 1 };
    };
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', '\n', '\r', ' ') }), fc.nat(40), (text, offset) => {
      assert.deepEqual(lineColumn(text, offset), naive(text, offset));
    }));
  });
});
