import { strict as assert } from 'node:assert';
import { LIGHT_PALETTE, type ChartModel } from './chartModel';
import { chartToSvg, escapeXml } from './chartSvg';

const xs = Array.from({ length: 101 }, (_, i) => -5 + i / 10);

function model(over: Partial<ChartModel> = {}): ChartModel {
  return {
    x: xs,
    series: [
      { label: 'tanh', color: 0, y: xs.map(Math.tanh) },
      { label: "tanh′ <&>", color: 0, y: xs.map((x) => 1 - Math.tanh(x) ** 2), dash: [7, 4] },
    ],
    xAxis: { label: 'x' },
    yAxis: { label: 'f(x)' },
    ...over,
  };
}

const paths = (svg: string) => [...svg.matchAll(/<path d="([^"]*)"/g)].map((m) => m[1]);

describe('chartToSvg', () => {
  it('writes a standalone SVG document of the requested size with a background', () => {
    const svg = chartToSvg(model(), LIGHT_PALETTE, { width: 640, height: 400 });
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="640" height="400" viewBox="0 0 640 400">/);
    assert.match(svg, /<rect width="640" height="400" fill="#ffffff"\/>/);
    assert.ok(svg.trimEnd().endsWith('</svg>'));
  });

  it('draws one path per series, dashed where asked, in palette colours', () => {
    const svg = chartToSvg(model(), LIGHT_PALETTE, { width: 640, height: 400 });
    assert.equal(paths(svg).length, 2);
    assert.match(svg, new RegExp(`stroke="${LIGHT_PALETTE.series[0]}" stroke-width="2" stroke-linejoin="round" stroke-dasharray="7 4"`));
  });

  it('breaks a line at NaN and Infinity instead of drawing through them, and writes only finite coordinates', () => {
    const y = xs.map((x) => (Math.abs(x) < 0.25 ? NaN : x > 4 ? Infinity : 1 / x));
    const svg = chartToSvg(model({ series: [{ label: '1/x', color: 1, y }] }), LIGHT_PALETTE, { width: 640, height: 400 });
    const [d] = paths(svg);
    assert.equal((d.match(/M/g) ?? []).length, 2, 'two runs: left of the NaN gap, and between it and the Infinity tail');
    assert.doesNotMatch(svg, /NaN|Infinity/);
  });

  it('escapes labels (XML special characters)', () => {
    const svg = chartToSvg(model(), LIGHT_PALETTE, { width: 640, height: 400 });
    assert.ok(svg.includes('tanh′ &lt;&amp;&gt;'));
    assert.equal(escapeXml(`a"b'c`), 'a&quot;b&apos;c');
  });

  it('shades bands and draws labelled reference lines inside the plot only', () => {
    const svg = chartToSvg(
      model({
        bands: [{ x0: -5, x1: -3, color: 0, opacity: 0.08 }, { x0: 10, x1: 12, color: 0, opacity: 0.08 }],
        rules: [{ axis: 'y', value: 1, color: 2, dash: [3, 3], label: 'tanh′ ≤ 1' }, { axis: 'y', value: 99, color: 2 }],
        yRange: [-1.2, 1.2],
      }),
      LIGHT_PALETTE,
      { width: 640, height: 400 },
    );
    assert.equal((svg.match(/fill-opacity="0.08"/g) ?? []).length, 1, 'the band outside the x range is dropped');
    assert.ok(svg.includes('tanh′ ≤ 1'));
    assert.equal((svg.match(/stroke-dasharray="3 3"/g) ?? []).length, 1, 'the rule outside the y range is dropped');
  });

  it('labels ticks with round numbers and the axes with their labels', () => {
    const svg = chartToSvg(model({ xRange: [-5, 5] }), LIGHT_PALETTE, { width: 640, height: 400 });
    for (const tick of ['−4', '−2', '0', '2', '4']) assert.ok(svg.includes(`>${tick}</text>`), `tick ${tick}`);
    assert.ok(svg.includes('>f(x)</text>') && svg.includes('>x</text>'));
  });
});
