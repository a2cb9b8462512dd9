import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { clampLessonLayers, depthLesson, LESSON_LAYERS } from './lesson';

describe('depth lesson', () => {
  it('sigmoid through 10 layers: at most 0.25^10 = 9.5e-7', () => {
    const l = depthLesson(0.25, 0.044836, 10);
    assert.equal(l.bound, 0.25 ** 10);
    assert.equal(Number(l.bound.toPrecision(2)), 9.5e-7);
    assert.equal(Number(l.typical.toPrecision(2)), 3.3e-14);
  });

  it('a slope of 1 never shrinks the bound; an unbounded slope has none', () => {
    assert.equal(depthLesson(1, 0.4644, 50).bound, 1);
    assert.equal(depthLesson(Infinity, 2, 3).bound, Infinity);
  });

  it('the bound shrinks with depth exactly when the slope is below 1', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 3, noNaN: true }), fc.integer({ min: 1, max: 50 }), (slope, layers) => {
        const a = depthLesson(slope, 0.5, layers).bound, b = depthLesson(slope, 0.5, layers + 1).bound;
        if (slope < 1) assert.ok(b < a);
        if (slope > 1) assert.ok(b > a);
      }),
    );
  });

  it('clamps the layer count to whole numbers in range', () => {
    assert.equal(clampLessonLayers(0), LESSON_LAYERS.min);
    assert.equal(clampLessonLayers(1e9), LESSON_LAYERS.max);
    assert.equal(clampLessonLayers(12.4), 12);
    assert.equal(clampLessonLayers('x'), LESSON_LAYERS.default);
    assert.equal(clampLessonLayers(NaN), LESSON_LAYERS.default);
  });
});
