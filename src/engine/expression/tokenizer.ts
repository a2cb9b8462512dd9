/**
 * Splits an expression into tokens: numbers (1, 0.5, .5, 1e-3), identifiers, operators
 * (+ - * / ^ and ** as a synonym for ^), comparisons, parentheses and commas.
 */
import { ExpressionSyntaxError, type Span } from './ast';

export type TokenKind = 'number' | 'identifier' | 'operator' | '(' | ')' | ',' | 'end';

export interface Token extends Span {
  readonly kind: TokenKind;
  /** The source text (for operators, the canonical spelling: ** becomes ^). */
  readonly text: string;
  readonly value?: number;
}

const TWO_CHAR_OPERATORS = ['>=', '<=', '==', '!=', '**'];
const ONE_CHAR_OPERATORS = '+-*/^<>';
// Sticky (y): matched at lastIndex in the whole source, so no token copies the rest of the text.
const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;
const DANGLING_EXPONENT = /[eE](?:[+-](?!\d)|(?![\w]))/y;
const DANGLING_DOTS = /\.[\d.]*/y;

function matchAt(re: RegExp, src: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(src);
}

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    const num = matchAt(NUMBER, src, i);
    if (num) {
      const end = i + num[0].length;
      // "1e" or "1.2.3" would otherwise split into a number and a stray name or dot.
      const dangling = matchAt(DANGLING_EXPONENT, src, end) ? 1 : matchAt(DANGLING_DOTS, src, end)?.[0].length ?? 0;
      if (dangling > 0) {
        const bad = src.slice(i, end + dangling);
        throw new ExpressionSyntaxError(`Malformed number '${bad}' {at}`, { start: i, end: end + dangling });
      }
      tokens.push({ kind: 'number', text: num[0], value: Number(num[0]), start: i, end });
      i = end;
      continue;
    }
    const ident = matchAt(IDENTIFIER, src, i);
    if (ident) {
      tokens.push({ kind: 'identifier', text: ident[0], start: i, end: i + ident[0].length });
      i += ident[0].length;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (TWO_CHAR_OPERATORS.includes(two)) {
      tokens.push({ kind: 'operator', text: two === '**' ? '^' : two, start: i, end: i + 2 });
      i += 2;
      continue;
    }
    if (ONE_CHAR_OPERATORS.includes(c)) {
      tokens.push({ kind: 'operator', text: c, start: i, end: i + 1 });
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, text: c, start: i, end: i + 1 });
    } else if (c === '=') {
      throw new ExpressionSyntaxError("Unexpected '=' {at}: use '==' to compare", { start: i, end: i + 1 });
    } else {
      const ch = String.fromCodePoint(src.codePointAt(i) ?? 0);
      throw new ExpressionSyntaxError(`Unexpected character '${ch}' {at}`, { start: i, end: i + ch.length });
    }
    i++;
  }
  tokens.push({ kind: 'end', text: '', start: src.length, end: src.length });
  return tokens;
}
