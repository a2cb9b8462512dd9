import { strict as assert } from 'node:assert';
import { analyzeDepth } from '../../analysis/depth/analysis';
import { clipBands, decadeRange, gradientChart, trainingChart, whyChart } from './chartModels';

describe('depth chart models', () => {
  it('shades runs of consecutive clipped steps as single bands', () => {
    assert.deepEqual(clipBands([]), []);
    assert.deepEqual(clipBands([0, 1, 2, 5, 7, 8]).map((b) => [b.x0, b.x1]), [[0.5, 3.5], [5.5, 6.5], [7.5, 9.5]]);
  });

  it('log axes get whole decades, never 0 or Infinity', () => {
    assert.deepEqual(decadeRange([[0.1, 0.29]]), [0.1, 1]);
    assert.deepEqual(decadeRange([[0.15, 0.29]]), [0.1, 1], 'a range inside one decade still gets one');
    assert.deepEqual(decadeRange([[3e-7, NaN, 2e4]]), [1e-7, 1e5]);
    const tiny = decadeRange([[5e-324, 2e-10]])!;
    assert.ok(tiny[0] > 0 && tiny[0] <= 2e-10);
    assert.equal(decadeRange([[NaN, 0, -1]]), undefined);
    const huge = decadeRange([[1, 1.7e308]])!;
    assert.ok(Number.isFinite(huge[1]));
  });

  it('draws the measured norms, the theory and, for sigmoid only, the 1/4 bound', () => {
    const sigmoid = gradientChart(analyzeDepth({ activation: 'sigmoid', depth: 5, width: 8, batchSize: 4 }));
    assert.equal(sigmoid.series.length, 4);
    assert.deepEqual(Array.from(sigmoid.x), [1, 2, 3, 4, 5]);
    assert.ok(sigmoid.yAxis?.log && sigmoid.yRange && sigmoid.yRange[0] > 0);
    const tanh = gradientChart(analyzeDepth({ activation: 'tanh', depth: 5, width: 8, batchSize: 4 }));
    assert.equal(tanh.series.length, 3);
  });

  it('marks where an overflowed network stopped being finite', () => {
    const a = analyzeDepth({ activation: 'identity', init: 'normal', weightStd: 5, depth: 200, width: 64, batchSize: 4 });
    const model = gradientChart(a);
    assert.ok(model.rules?.some((r) => r.axis === 'x' && r.value === a.overflow.forwardLayer));
    assert.ok(whyChart(a).rules?.some((r) => r.axis === 'x'));
  });

  it('a training curve marks the step it diverged at', () => {
    const model = trainingChart({ losses: [1, 2, NaN], gradNorms: [1, 10, NaN], clipEvents: [], divergedAt: 2 }, 'run', 10);
    assert.ok(model.rules?.some((r) => r.axis === 'x' && r.value === 3));
    assert.deepEqual(model.xRange, [1, 10]);
  });
});
