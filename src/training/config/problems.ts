/**
 * A problem found in a config file: where (string offsets into the text, as jsonc-parser and
 * vscode's TextDocument.positionAt count them), how bad, and what is allowed instead. The editor
 * turns offsets into Ranges; the CLI into `line:column`.
 */

export type Severity = 'error' | 'warning';

/** Stable codes, so quick fixes and tests can tell problems apart without parsing messages. */
export type ProblemCode =
  | 'syntax'
  | 'binary'
  | 'too-deep'
  | 'too-large'
  | 'duplicate-key'
  | 'non-finite'
  | 'schema'
  | 'unknown-name'
  | 'unknown-key'
  | 'layer-size'
  | 'memory'
  | 'expression'
  | 'conflict'
  | 'no-effect'
  | 'too-many';

/**
 * A message as an English template with numbered placeholders ({0}, {1}...) and its arguments, which may be
 * messages themselves ("must be {0}" with {0} = "an integer from {0} to {1}"). The CLI prints it in English;
 * the editor translates every template with vscode.l10n (l10n/parts/diagnostics.zh-cn.json).
 */
export interface Message {
  readonly template: string;
  readonly args: readonly MessageArg[];
}
export type MessageArg = string | number | Message;

/** A message from a template literal: the argument list is the placeholders' values, in order. */
export function msg(template: string, ...args: MessageArg[]): Message {
  return { template, args };
}

export type Translate = (template: string, args: string[]) => string;

/** Fills {n} placeholders; the English rendering, and what a translation falls back to. */
export const english: Translate = (template, args) => template.replace(/\{(\d+)\}/g, (m, i: string) => args[Number(i)] ?? m);

export function renderMessage(m: MessageArg, translate: Translate = english): string {
  if (typeof m === 'string') return m;
  if (typeof m === 'number') return String(m);
  return translate(m.template, m.args.map((a) => renderMessage(a, translate)));
}

/** Items joined as "a", "a and b", "a, b and c" (the joining words are translated). */
export function listMessage(items: readonly MessageArg[]): MessageArg {
  if (items.length === 0) return '';
  if (items.length === 1) return items[0];
  const head = items.slice(0, -1).reduce<MessageArg>((acc, item, i) => (i === 0 ? item : msg('{0}, {1}', acc, item)), '');
  return msg('{0} and {1}', head, items[items.length - 1]);
}

export interface Problem {
  readonly start: number;
  readonly end: number;
  readonly severity: Severity;
  readonly code: ProblemCode;
  /** In English (what the CLI prints). */
  readonly message: string;
  /** The same message as a template, for translation. */
  readonly text: Message;
  /** For "did you mean": the replacement text (a JSON string literal, quotes included). */
  readonly replacement?: string;
}

export function problem(
  start: number, end: number, code: ProblemCode, text: Message,
  extra: { severity?: Severity; replacement?: string } = {},
): Problem {
  return {
    start, end, code, message: renderMessage(text), text, severity: extra.severity ?? 'error',
    ...(extra.replacement !== undefined ? { replacement: extra.replacement } : {}),
  };
}

/** Offsets where lines begin, for the last text asked about (a file's problems are formatted one after another). */
let indexedText: string | undefined;
let indexedStarts: number[] = [0];

function lineStarts(text: string): number[] {
  if (text === indexedText) return indexedStarts;
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  indexedText = text;
  indexedStarts = starts;
  return starts;
}

/**
 * Line and column (both from 1) of an offset, counting \n, \r\n and \r as line breaks. The line
 * starts are indexed once per text, so formatting every problem of a file stays linear.
 */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const starts = lineStarts(text);
  // The last line start at or before the offset (a start s counts when s <= offset).
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}

/** `file:line:column: severity: message`, the format compilers use (and editors link). */
export function formatProblem(file: string, text: string, p: Problem): string {
  const { line, column } = lineColumn(text, p.start);
  return `${file}:${line}:${column}: ${p.severity}: ${p.message}`;
}

/** Quotes a user value for a message, cut short so a 1 MB string stays a one-line message. */
export function quote(value: unknown, max = 40): string {
  let s: string;
  try {
    s = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
