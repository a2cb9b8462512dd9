import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from './index';

describe('cli: the README lists the commands gradlab --help lists', () => {
  it('every command, in the same order, with the same summary', () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const block = /```\n(validate[\s\S]*?)```/.exec(readme);
    assert.ok(block, 'the README has the command list');
    const width = Math.max(...COMMANDS.map((c) => c.name.length), 8);
    assert.equal(block[1].trimEnd(), COMMANDS.map((c) => `${c.name.padEnd(width)}  ${c.summary}`).join('\n'));
  });
});
