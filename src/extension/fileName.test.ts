import { strict as assert } from 'node:assert';
import { safeFileName } from './fileName';

describe('extension: suggested export file names', () => {
  it('keeps ordinary names and replaces separators, reserved and control characters', () => {
    assert.equal(safeFileName('x * sigmoid(1.702 * x).png'), 'x _ sigmoid(1.702 _ x).png');
    assert.equal(safeFileName('../../etc/passwd'), '_.._etc_passwd');
    assert.equal(safeFileName('a\u0000b\nc:d|e.csv'), 'a_b_c_d_e.csv');
    assert.equal(safeFileName('C:\\Users\\x.svg'), 'C__Users_x.svg');
  });

  it('never gives an empty or hidden name, and keeps the extension of a long one', () => {
    assert.equal(safeFileName(''), 'export');
    assert.equal(safeFileName('...'), 'export');
    const long = safeFileName(`${'x+'.repeat(500)}.png`);
    assert.equal(long.length, 120);
    assert.ok(long.endsWith('.png'));
  });
});
