/**
 * The syntax tree of an activation expression. Every node records where it came from in the
 * source (`start` inclusive, `end` exclusive, as string offsets) so errors can point at it.
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '^';
export type ComparisonOp = '>' | '<' | '>=' | '<=' | '==' | '!=';

export type ExprNode =
  | (Span & { readonly type: 'number'; readonly value: number })
  | (Span & { readonly type: 'variable'; readonly name: string })
  | (Span & { readonly type: 'constant'; readonly name: string; readonly value: number })
  | (Span & { readonly type: 'unary'; readonly op: '-' | '+'; readonly operand: ExprNode })
  | (Span & { readonly type: 'binary'; readonly op: ArithmeticOp; readonly left: ExprNode; readonly right: ExprNode })
  | (Span & { readonly type: 'compare'; readonly op: ComparisonOp; readonly left: ExprNode; readonly right: ExprNode })
  | (Span & { readonly type: 'call'; readonly name: string; readonly nameEnd: number; readonly args: readonly ExprNode[] });

/** A problem in the source, with the offending range and its human position (1-based). */
export interface ExpressionError extends Span {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

/** Thrown inside the parser and caught at its boundary; callers only ever see ExpressionError values. */
export class ExpressionSyntaxError extends Error {
  constructor(message: string, readonly span: Span) {
    super(message);
  }
}

/** Line and column (both from 1) of a string offset. */
export function positionOf(src: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < src.length; i++) {
    if (src[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** "column 12" for one-line sources, "line 2, column 5" otherwise. */
export function describePosition(src: string, offset: number): string {
  const { line, column } = positionOf(src, offset);
  return src.includes('\n') ? `line ${line}, column ${column}` : `column ${column}`;
}

/**
 * Converts a thrown syntax error into the public error shape. Messages carry placeholders that
 * only the source can resolve: {at} (the error's own position) and {pos:N} (another offset).
 */
export function toExpressionError(src: string, e: ExpressionSyntaxError): ExpressionError {
  const { line, column } = positionOf(src, e.span.start);
  const message = e.message
    .replace('{at}', `at ${describePosition(src, e.span.start)}`)
    .replace(/\{pos:(\d+)\}/g, (_, offset: string) => describePosition(src, Number(offset)));
  return { message, start: e.span.start, end: e.span.end, line, column };
}
