/**
 * CSV of sampled curves: one x column, then f, f', f'' for each curve. Numbers at full precision
 * (the shortest text that reads back to the same float64); NaN and infinities spelled as pandas and
 * numpy read them. Shared by the panel's "Export CSV" and `gradlab plot --csv`. Pure.
 */

export interface CsvCurve {
  readonly label: string;
  readonly f: ArrayLike<number>;
  readonly df: ArrayLike<number>;
  readonly d2f: ArrayLike<number>;
}

export function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return String(v);
}

export function curvesToCsv(x: ArrayLike<number>, curves: readonly CsvCurve[]): string {
  const header = ['x'];
  for (const c of curves) header.push(`${c.label} f`, `${c.label} f'`, `${c.label} f''`);
  const lines = [header.map(csvField).join(',')];
  for (let i = 0; i < x.length; i++) {
    const row = [csvNumber(x[i])];
    for (const c of curves) row.push(csvNumber(c.f[i]), csvNumber(c.df[i]), csvNumber(c.d2f[i]));
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}
