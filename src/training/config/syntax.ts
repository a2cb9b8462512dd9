/**
 * Reading a config's text as JSON with comments, as dependably as a compiler: never throws, never
 * recurses without bound, and turns every syntax error into a message that says what to write.
 * On success the tree (with offsets) is kept so later checks can point at the exact key or value.
 */
import { createScanner, parseTree, printParseErrorCode, type Node, type ParseError, type SyntaxKind } from 'jsonc-parser';
import { msg, problem, quote, type Message, type Problem } from './problems';

/** Far beyond any real config; refusing earlier keeps a pasted data file from freezing the editor. */
export const MAX_TEXT_LENGTH = 1_000_000;
/** A config nests 4 levels; jsonc-parser recurses per level, so unbounded depth would overflow. */
export const MAX_NESTING = 32;
/** After this many syntax errors the rest are mostly echoes of the first ones. */
const MAX_SYNTAX_PROBLEMS = 20;

// jsonc-parser's SyntaxKind is a const enum, which isolated modules cannot read: its values here.
const OPEN_BRACE = 1 as SyntaxKind;
const CLOSE_BRACE = 2 as SyntaxKind;
const OPEN_BRACKET = 3 as SyntaxKind;
const CLOSE_BRACKET = 4 as SyntaxKind;
const EOF = 17 as SyntaxKind;

export interface SyntaxResult {
  /** The tree when the text parsed without errors. */
  readonly root?: Node;
  readonly problems: Problem[];
}

export function parseConfigText(text: string): SyntaxResult {
  if (text.length > MAX_TEXT_LENGTH) {
    return fail(problem(0, 0, 'too-large', msg('the file has {0} characters; a training config is a few hundred (at most {1})', text.length.toLocaleString('en-US'), MAX_TEXT_LENGTH.toLocaleString('en-US'))));
  }
  const binaryAt = findBinary(text);
  if (binaryAt >= 0) {
    return fail(problem(binaryAt, binaryAt + 1, 'binary', msg('this is a binary file, not JSON text: {0}', CONFIG_SHAPE)));
  }
  const tooDeep = findExcessiveNesting(text);
  if (tooDeep) return fail(tooDeep);

  if (!hasAnyToken(text)) {
    return fail(problem(0, text.length, 'syntax', msg('the file is empty: {0}', CONFIG_SHAPE)));
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const problems = describeParseErrors(text, errors);
  if (problems.length > 0 || root === undefined) return { problems };
  return { root, problems: checkTree(root) };
}

function fail(p: Problem): SyntaxResult {
  return { problems: [p] };
}

/** Offset of a NUL or of the replacement character a failed UTF-8 decode leaves, or -1. */
function findBinary(text: string): number {
  const nul = text.indexOf('\u0000');
  const bad = text.indexOf('\uFFFD');
  if (nul < 0) return bad;
  return bad < 0 ? nul : Math.min(nul, bad);
}

function findExcessiveNesting(text: string): Problem | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let kind = scanner.scan(); kind !== EOF; kind = scanner.scan()) {
    if (kind === OPEN_BRACE || kind === OPEN_BRACKET) {
      if (++depth > MAX_NESTING) {
        const at = scanner.getTokenOffset();
        return problem(at, at + 1, 'too-deep', msg('nested more than {0} levels deep; a training config needs at most 4 (an object in an object in a list...)', MAX_NESTING));
      }
    } else if (kind === CLOSE_BRACE || kind === CLOSE_BRACKET) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

function hasAnyToken(text: string): boolean {
  const scanner = createScanner(text, true);
  return scanner.scan() !== EOF;
}

/** After these, the parser has lost track of the structure: later errors would be echoes. */
const DERAILING = new Set<string>([
  'CloseBraceExpected', 'CloseBracketExpected', 'UnexpectedEndOfString', 'UnexpectedEndOfComment', 'InvalidCommentToken', 'EndOfFileExpected',
]);

function describeParseErrors(text: string, errors: readonly ParseError[]): Problem[] {
  const out: Problem[] = [];
  let lastLineStart = -1;
  // The errors come in text order, so one forward scan finds each one's line (a lastIndexOf per
  // error would be quadratic on a long line full of errors).
  let scanned = 0;
  let lineStart = 0;
  for (const e of errors) {
    const upTo = Math.max(0, e.offset - 1);
    if (upTo < scanned - 1) {
      lineStart = text.lastIndexOf('\n', upTo) + 1; // out of order: jsonc-parser reports in order
      scanned = upTo + 1;
    }
    for (; scanned <= upTo; scanned++) if (text.charCodeAt(scanned) === 10) lineStart = scanned + 1;
    // One error per line: the rest of a line after a mistake is usually an echo of it.
    if (lineStart === lastLineStart) continue;
    lastLineStart = lineStart;
    const mismatch = closerMismatch(text, e);
    if (mismatch) {
      out.push(problem(e.offset, e.offset + e.length, 'syntax', mismatch));
      break;
    }
    const hex = text[e.offset - 1] === '0' && /^[xX][0-9a-fA-F]+$/.test(text.slice(e.offset, e.offset + e.length));
    if (hex) out.push(problem(e.offset - 1, e.offset + e.length, 'syntax', msg('hexadecimal {0} is not JSON: write the number in decimal', text.slice(e.offset - 1, e.offset + e.length))));
    else out.push(problem(e.offset, e.offset + e.length, 'syntax', syntaxMessage(text, e)));
    if (DERAILING.has(printParseErrorCode(e.error)) || out.length >= MAX_SYNTAX_PROBLEMS) break;
  }
  return out;
}

/**
 * "expected ',' " at a '}' inside a list (or at a ']' inside an object) really means the list
 * (object) was never closed: say so, with the line where it was opened.
 */
function closerMismatch(text: string, e: ParseError): Message | undefined {
  const found = text[e.offset];
  if (printParseErrorCode(e.error) !== 'CommaExpected' || (found !== '}' && found !== ']')) return undefined;
  const scanner = createScanner(text.slice(0, e.offset), true);
  const open: number[] = [];
  for (let kind = scanner.scan(); kind !== EOF; kind = scanner.scan()) {
    if (kind === OPEN_BRACE || kind === OPEN_BRACKET) open.push(scanner.getTokenOffset());
    else if (kind === CLOSE_BRACE || kind === CLOSE_BRACKET) open.pop();
  }
  const innermost = open[open.length - 1];
  if (innermost === undefined) return undefined;
  const line = text.slice(0, innermost).split('\n').length;
  if (text[innermost] === '[' && found === '}') return msg("expected ']' to close the list opened on line {0} before this '}'", line);
  if (text[innermost] === '{' && found === ']') return msg("expected '}' to close the object opened on line {0} before this ']'", line);
  return undefined;
}

const VALUE_FORMS = msg('a number, a "string", true, false, an {object} or a [list]');
const CONFIG_SHAPE = msg('a training config is a JSON object such as { "data": ..., "model": ..., "optimizer": ... }');

function syntaxMessage(text: string, e: ParseError): Message {
  const token = text.slice(e.offset, e.offset + e.length);
  switch (printParseErrorCode(e.error)) {
    case 'InvalidSymbol': return invalidSymbolMessage(token);
    case 'InvalidNumberFormat':
    case 'UnexpectedEndOfNumber': return msg('malformed number {0}: write digits with an optional sign, fraction and exponent, e.g. 0.01 or 1e-3', quote(token));
    case 'PropertyNameExpected': return msg('expected a key in double quotes, e.g. "lr"');
    case 'ValueExpected': return msg('expected a value: {0}', VALUE_FORMS);
    case 'ColonExpected': return msg("expected ':' between a key and its value");
    case 'CommaExpected': return msg("expected ',' between two entries");
    case 'CloseBraceExpected': return msg("expected '}' to close the object");
    case 'CloseBracketExpected': return msg("expected ']' to close the list");
    case 'EndOfFileExpected': return msg('unexpected text after the end of the config: the file must hold one JSON object');
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment': return msg("unterminated comment: close it with '*/'");
    case 'UnexpectedEndOfString': return msg('unterminated string: close it with " on the same line');
    case 'InvalidUnicode': return msg('invalid \\u escape: write exactly four hexadecimal digits, e.g. \\u00e9');
    case 'InvalidEscapeCharacter': return msg('invalid escape: allowed are \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX');
    case 'InvalidCharacter': return msg('control character inside a string: write it as an escape such as \\n or \\t');
    default: return msg('invalid JSON here');
  }
}

function invalidSymbolMessage(token: string): Message {
  if (/^[-+]?(NaN|Infinity|inf)$/i.test(token)) {
    return msg('{0} is not a JSON number: values must be finite numbers, e.g. 0.01', token);
  }
  if (token.startsWith("'")) return msg('strings and keys need double quotes ("..."), not single quotes');
  if (/^0x/i.test(token)) return msg('hexadecimal {0} is not JSON: write the number in decimal', quote(token));
  if (/^(True|False|TRUE|FALSE)$/.test(token)) return msg('write {0} in lower case', token.toLowerCase());
  if (/^(None|undefined|nil)$/.test(token)) return msg('{0} is not JSON: remove the entry to use the default', token);
  if (/^[.+]\d/.test(token) || token === '.' || token === '+') return msg("malformed number {0}: write a leading digit and no '+', e.g. 0.5", quote(token));
  if (/^[A-Za-z_$][\w$-]*$/.test(token)) return msg('unexpected word {0}: keys and text values need double quotes ("{1}")', quote(token), token);
  return msg('unexpected {0}: expected {1}', quote(token), VALUE_FORMS);
}

/** Problems JSON allows but a config must not have: repeated keys and numbers too large for a double. */
function checkTree(root: Node): Problem[] {
  const out: Problem[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const property of node.children ?? []) {
        const key = property.children?.[0];
        if (key === undefined) continue;
        const name = String(key.value);
        if (seen.has(name)) {
          out.push(problem(key.offset, key.offset + key.length, 'duplicate-key', msg('duplicate key {0}: JSON keeps only the last one, so remove one of them', quote(name))));
        }
        seen.add(name);
      }
    } else if (node.type === 'number' && !Number.isFinite(node.value)) {
      out.push(problem(node.offset, node.offset + node.length, 'non-finite', msg('this number is too large to represent (it would be Infinity): values must be finite')));
    }
    for (const child of node.children ?? []) stack.push(child);
  }
  return out.sort((a, b) => a.start - b.start);
}
