/**
 * "Did you mean ...?" for names in a config: a case-only slip, else the closest name by edit
 * distance (insertions, deletions, substitutions, swaps of neighbours) within a third of its length.
 */
function editDistance(a: string, b: string): number {
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      row.push(d);
    }
    prev2 = prev;
    prev = row;
  }
  return prev[b.length];
}

export function suggestName(value: string, allowed: readonly string[]): string | undefined {
  const v = value.trim().toLowerCase();
  const exact = allowed.find((a) => a.toLowerCase() === v || a.toLowerCase() === v.replace(/[\s-]+/g, '_'));
  if (exact) return exact;
  const limit = Math.min(3, Math.floor(v.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const a of allowed) {
    const d = editDistance(v, a.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [a, d];
  }
  return bestDistance <= limit ? best : undefined;
}
