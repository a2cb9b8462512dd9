/**
 * "Did you mean ...?" for misspelt names: the candidate with the smallest edit distance
 * (Damerau–Levenshtein with adjacent transpositions, case-insensitive), if it is close enough to
 * be a plausible typo. Names under three letters only match up to case: 'y' is not a typo of 'e'.
 */

/** Edit distance counting insertions, deletions, substitutions and swaps of neighbours. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/** Names longer than this are not typos of a short name: no suggestion, and no quadratic distance. */
export const MAX_SUGGESTED_LENGTH = 64;

/**
 * The closest candidate to `name`, or undefined when none is within a third of the name's
 * length (at most 3 edits): beyond that a suggestion is more noise than help. Candidates whose
 * length alone differs by more than that are skipped without computing a distance.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  if (name.length > MAX_SUGGESTED_LENGTH) return undefined;
  const lower = name.toLowerCase();
  const limit = Math.min(3, Math.floor(lower.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - lower.length) > limit) continue;
    const dist = editDistance(lower, candidate.toLowerCase());
    if (dist < bestDistance || (dist === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = dist;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
