/** Points at the offending characters of an expression, as compilers do: the source, then ^^^ under [start, end). Pure. */
export function caretText(source: string, start: number, end: number): string {
  const from = Math.max(0, Math.min(start, source.length));
  const width = Math.max(1, Math.min(end, source.length + 1) - from);
  return `${source}\n${' '.repeat(from)}${'^'.repeat(width)}`;
}
