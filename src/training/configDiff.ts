/**
 * What changed between two versions of a config, in the words a learner would use: "lr 0.5 → 5",
 * "activation tanh → relu", "layers [2, 8, 2] → [2, 16, 2]". Compares the parsed JSONC values (comments and
 * formatting do not count), leaf by leaf, naming each change by its last key. Pure.
 */
import { parse } from 'jsonc-parser';

export interface ConfigChange {
  /** e.g. "optimizer.lr" */
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function walk(a: unknown, b: unknown, path: string[], out: ConfigChange[]): void {
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[key], b[key], [...path, key], out);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path: path.join('.'), before: a, after: b });
}

export function configChanges(before: string, after: string): ConfigChange[] {
  const out: ConfigChange[] = [];
  walk(parse(before, [], { allowTrailingComma: true }), parse(after, [], { allowTrailingComma: true }), [], out);
  return out;
}

function show(v: unknown): string {
  if (v === undefined) return '—';
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (isObject(v)) return JSON.stringify(v);
  return String(v);
}

/**
 * "lr 0.5 → 5", several joined by ", ", at most `max` of them then "+N more". `more` formats the
 * count ("+{0} more"); `same` is returned when nothing changed.
 */
export function describeChanges(changes: readonly ConfigChange[], words: { more: (n: number) => string; same: string }, max = 3): string {
  if (changes.length === 0) return words.same;
  const named = changes.slice(0, max).map((c) => `${c.path.split('.').pop() || c.path} ${show(c.before)} → ${show(c.after)}`);
  if (changes.length > max) named.push(words.more(changes.length - max));
  return named.join(', ');
}
