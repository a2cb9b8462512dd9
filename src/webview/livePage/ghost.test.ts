import { strict as assert } from 'node:assert';
import type { LiveChartModel } from './chartModels';
import { withGhost } from './chartModels';

const model = (x: number[], y: number[], yRange?: [number, number]): LiveChartModel => ({ x, series: [{ label: 'loss', color: 0, y }], yRange });

describe('ghost runs on a chart', () => {
  it('draws the earlier run under the current one, faded and labelled once, on the union of steps', () => {
    const m = withGhost(model([1, 10, 20], [1, 0.5, 0.25], [0.1, 1]), model([1, 5, 10, 15], [2, 1.5, 1, 0.5], [0.1, 10]), 'previous run')!;
    assert.deepEqual(Array.from(m.x), [1, 5, 10, 15, 20]);
    assert.equal(m.series.length, 2);
    const [ghost, current] = m.series;
    assert.equal(ghost!.label, 'previous run');
    assert.equal(ghost!.color, 'muted');
    assert.ok(ghost!.dash);
    assert.deepEqual(Array.from(ghost!.y), [2, 1.5, 1, 0.5, NaN]);
    // The current run is interpolated at the ghost's extra steps (5 and 15) instead of breaking its line.
    assert.deepEqual(Array.from(current!.y), [1, 1 - (0.5 * 4) / 9, 0.5, 0.375, 0.25]);
    assert.deepEqual(m.yRange, [0.1, 10]);
  });

  it('without a ghost, or on incompatible scales, the chart is unchanged', () => {
    const current = model([1, 2], [1, 2]);
    assert.equal(withGhost(current, undefined, 'x'), current);
    assert.equal(withGhost(current, { ...model([1], [1]), exponents: true }, 'x'), current);
  });
});
