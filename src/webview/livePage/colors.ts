/**
 * Colours derived from the theme: a depth ramp for the per-layer lines (first layer to last) and a
 * magnitude ramp for the heatmap. The endpoints are theme colours; what lies between is mixed.
 */

export type Rgb = readonly [number, number, number];

/** Parses '#rgb', '#rrggbb', '#rrggbbaa' and 'rgb(a)(r, g, b…)'; undefined for anything else. */
export function parseColor(css: string): Rgb | undefined {
  const s = css.trim();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(s);
  if (hex) {
    const h = hex[1]!.length === 3 ? [...hex[1]!].map((c) => c + c).join('') : hex[1]!.slice(0, 6);
    return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(s);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  return undefined;
}

export function toCss([r, g, b]: Rgb): string {
  const h = (v: number) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0');
  return `#${h(r)}${h(g)}${h(b)}`;
}

export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** The colour at `t` in [0, 1] along a ramp of evenly spaced stops. */
export function rampAt(stops: readonly Rgb[], t: number): Rgb {
  if (stops.length === 1 || !(t > 0)) return stops[0]!;
  if (t >= 1) return stops[stops.length - 1]!;
  const x = t * (stops.length - 1);
  const i = Math.floor(x);
  return mix(stops[i]!, stops[i + 1]!, x - i);
}

/** `count` colours from the first stop (layer 1, nearest the input) to the last (the output layer). */
export function depthColors(count: number, stops: readonly Rgb[]): string[] {
  return Array.from({ length: count }, (_, i) => toCss(rampAt(stops, count === 1 ? 0 : i / (count - 1))));
}
