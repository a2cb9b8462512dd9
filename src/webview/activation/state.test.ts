import { strict as assert } from 'node:assert';
import type { CurveSource } from '../../protocol';
import { emptyState, nextCurveId, readState, shownSources, withParam, withSources, withView } from './state';

const builtin = (name: string): CurveSource => ({ kind: 'builtin', name });

describe('activation panel state', () => {
  it('a pick replaces the curves, keeping ids and parameters of those that stay', () => {
    let s = withSources(emptyState(2001), [builtin('sigmoid'), builtin('leaky_relu')]);
    assert.deepEqual(s.curves.map((c) => [c.id, c.params]), [['c1', {}], ['c2', { negative_slope: 0.01 }]]);
    s = withParam(s, 'c2', 'negative_slope', 0.3);
    s = withSources(s, [builtin('leaky_relu'), builtin('tanh'), { kind: 'expression', source: 'x^2' }]);
    assert.deepEqual(s.curves.map((c) => [c.id, c.source, c.params]), [
      ['c2', builtin('leaky_relu'), { negative_slope: 0.3 }],
      ['c1', builtin('tanh'), {}],
      ['c3', { kind: 'expression', source: 'x^2' }, {}],
    ]);
  });

  it('ignores duplicate picks and turns softmax into the vector example', () => {
    const s = withSources(emptyState(2001), [builtin('tanh'), builtin('tanh'), builtin('softmax')]);
    assert.equal(s.curves.length, 1);
    assert.equal(s.vector?.name, 'softmax');
    assert.ok(s.vector!.logits.length >= 2 && s.vector!.temperature === 1);
    assert.deepEqual(shownSources(s), [builtin('tanh'), builtin('softmax')]);
  });

  it('clamps parameters to their slider bounds and ignores unknown ones', () => {
    const s = withSources(emptyState(2001), [builtin('elu')]);
    assert.equal(withParam(s, 'c1', 'alpha', 99).curves[0].params.alpha, 3);
    assert.equal(withParam(s, 'c1', 'nope', 1), s);
    assert.equal(withParam(s, 'c1', 'alpha', NaN), s);
  });

  it('refuses absurd ranges and point counts with a message and keeps the view', () => {
    const s = emptyState(2001);
    for (const change of [{ xMin: 5, xMax: -5 }, { xMin: -1e9, xMax: 1 }, { points: 3 }, { points: 1e7 }, { points: 20.5 }, { xMin: NaN }, { xMin: 0, xMax: 1e-12 }]) {
      const r = withView(s, change);
      assert.ok(r.error, JSON.stringify(change));
      assert.equal(r.state, s);
    }
    const ok = withView(s, { xMin: -2, xMax: 3, points: 501, show: { f: true, df: false, d2f: true } });
    assert.equal(ok.error, undefined);
    assert.deepEqual([ok.state.view.xMin, ok.state.view.xMax, ok.state.view.points, ok.state.view.show.df], [-2, 3, 501, false]);
  });

  it('reads a persisted state defensively, field by field', () => {
    const s = readState(
      {
        version: 1,
        curves: [
          { id: 'c1', source: builtin('softplus'), params: { beta: 2, bogus: 1, threshold: 'x' } },
          { id: 'c1', source: builtin('tanh'), params: {} },
          { id: 'c4', source: { kind: 'evil' } },
          { id: 'c5', source: { kind: 'expression', source: 'x^3' }, params: {} },
        ],
        view: { xMin: -3, xMax: 3, points: 'many', show: { f: false } },
        vector: { name: 'relu', logits: [1, 2] },
        drafts: { c5: 'x^', c9: 'y' },
      },
      777,
    );
    assert.deepEqual(s.curves.map((c) => c.id), ['c1', 'c5']);
    assert.deepEqual(s.curves[0].params, { beta: 2, threshold: 20 });
    assert.deepEqual([s.view.xMin, s.view.xMax, s.view.points, s.view.show], [-3, 3, 777, { f: false, df: true, d2f: false }]);
    assert.equal(s.vector, undefined, 'relu is not vector-valued');
    assert.deepEqual(s.drafts, { c5: 'x^' });
    assert.deepEqual(readState('garbage', 2001), emptyState(2001));
    assert.deepEqual(readState({ version: 2 }, 2001), emptyState(2001));
  });

  it('hands out the first free id', () => {
    assert.equal(nextCurveId([]), 'c1');
    assert.equal(nextCurveId([{ id: 'c1', source: builtin('relu'), params: {} }, { id: 'c3', source: builtin('relu'), params: {} }]), 'c2');
  });
});
