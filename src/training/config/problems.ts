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
  | 'no-effect';

export interface Problem {
  readonly start: number;
  readonly end: number;
  readonly severity: Severity;
  readonly code: ProblemCode;
  readonly message: string;
  /** For "did you mean": the replacement text (a JSON string literal, quotes included). */
  readonly replacement?: string;
}

export function problem(
  start: number, end: number, code: ProblemCode, message: string,
  extra: { severity?: Severity; replacement?: string } = {},
): Problem {
  return {
    start, end, code, message, severity: extra.severity ?? 'error',
    ...(extra.replacement !== undefined ? { replacement: extra.replacement } : {}),
  };
}

/** Line and column (both from 1) of an offset, counting \n, \r\n and \r as line breaks. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
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
