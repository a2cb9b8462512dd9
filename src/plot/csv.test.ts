import { strict as assert } from 'node:assert';
import { csvField, csvNumber, curvesToCsv } from './csv';

describe('CSV of sampled curves', () => {
  it('writes a header and one row per x, numbers at full precision', () => {
    const csv = curvesToCsv([0, 0.1], [{ label: 'sigmoid', f: [0.5, 0.52497918747894], df: [0.25, 0.2493760401928919], d2f: [0, -0.012] }]);
    assert.equal(csv, "x,sigmoid f,sigmoid f',sigmoid f''\n0,0.5,0.25,0\n0.1,0.52497918747894,0.2493760401928919,-0.012\n");
  });
  it('quotes labels with commas or quotes (expressions) and spells non-finite numbers as numpy reads them', () => {
    assert.equal(csvField('max(x, 0.1 * x) f'), '"max(x, 0.1 * x) f"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.deepEqual([NaN, Infinity, -Infinity, 1e-300].map(csvNumber), ['NaN', 'Infinity', '-Infinity', '1e-300']);
  });
  it('round-trips every float64 exactly', () => {
    const values = [Math.PI, 1 / 3, 5e-324, 1.7976931348623157e308, -0.1];
    for (const v of values) assert.equal(Number(csvNumber(v)), v);
  });
});
