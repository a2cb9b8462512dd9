/**
 * Recursive-descent parser for activation expressions. Precedence, lowest first:
 *
 *   comparison   a > b, a < b, a >= b, a <= b, a == b, a != b   (not chainable; only inside where)
 *   additive     a + b, a - b                                    (left associative)
 *   term         a * b, a / b                                    (left associative)
 *   unary        -a, +a
 *   power        a ^ b (or a ** b)                               (right associative)
 *   primary      number, x, pi, e, f(args), (expr)
 *
 * Power binds tighter than unary minus, as in mathematics: -x^2 = -(x^2), and 2^-x = 2^(-x)
 * because the exponent is itself a unary expression.
 */
import {
  ExpressionSyntaxError, toExpressionError, type ArithmeticOp, type ComparisonOp, type ExprNode,
  type ExpressionError, type Span,
} from './ast';
import type { ExpressionEnvironment } from './environment';
import { closestName } from './suggest';
import { tokenize, type Token } from './tokenizer';

export type ParseResult = { ok: true; ast: ExprNode } | { ok: false; error: ExpressionError };

const COMPARISONS = new Set(['>', '<', '>=', '<=', '==', '!=']);
/** Deep enough for any real formula, shallow enough that the JS stack never overflows. */
const MAX_NESTING = 200;
/**
 * Every node costs a tensor per evaluation (and its gradient), so the size is bounded as well as
 * the depth; flat chains (x + x + ... ) are walked in loops, never one stack frame per term.
 */
export const MAX_EXPRESSION_NODES = 10_000;

/** Parses `src` and checks every name against `env`; never throws. */
export function parseWithEnvironment(src: string, env: ExpressionEnvironment): ParseResult {
  try {
    if (src.trim() === '') throw new ExpressionSyntaxError('The expression is empty', { start: 0, end: src.length });
    const ast = new Parser(tokenize(src), env).parseAll();
    checkConditions(ast, false);
    return { ok: true, ast };
  } catch (e) {
    if (e instanceof ExpressionSyntaxError) return { ok: false, error: toExpressionError(src, e) };
    throw e;
  }
}

class Parser {
  private pos = 0;
  private depth = 0;
  private nodes = 0;

  constructor(private readonly tokens: Token[], private readonly env: ExpressionEnvironment) {}

  /** Counts a node about to be built, refusing past MAX_EXPRESSION_NODES. */
  private count(at: Span): void {
    if (++this.nodes > MAX_EXPRESSION_NODES) {
      throw new ExpressionSyntaxError(`The expression is too long {at}: at most ${MAX_EXPRESSION_NODES.toLocaleString('en-US')} numbers, names and operations`, at);
    }
  }

  parseAll(): ExprNode {
    const node = this.comparison();
    const t = this.peek();
    if (t.kind !== 'end') {
      if (t.kind === ')') throw new ExpressionSyntaxError("Unmatched ')' {at}", t);
      if (t.kind === ',') throw new ExpressionSyntaxError("Unexpected ',' {at}: commas only separate function arguments", t);
      throw this.missingOperator(t);
    }
    return node;
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private next(): Token {
    return this.tokens[this.pos++];
  }

  private isOperator(...ops: string[]): boolean {
    const t = this.peek();
    return t.kind === 'operator' && ops.includes(t.text);
  }

  private comparison(): ExprNode {
    const left = this.additive();
    if (this.peek().kind === 'operator' && COMPARISONS.has(this.peek().text)) {
      const op = this.next().text as ComparisonOp;
      const right = this.additive();
      if (this.peek().kind === 'operator' && COMPARISONS.has(this.peek().text)) {
        throw new ExpressionSyntaxError("Comparisons cannot be chained {at}: use nested where(...)", this.peek());
      }
      this.count(left);
      return { type: 'compare', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private additive(): ExprNode {
    return this.leftAssociative(['+', '-'], () => this.term());
  }

  private term(): ExprNode {
    return this.leftAssociative(['*', '/'], () => this.unary());
  }

  /** operand (op operand)*, grouped from the left: a - b - c = (a - b) - c. */
  private leftAssociative(ops: string[], operand: () => ExprNode): ExprNode {
    let left = operand();
    while (this.isOperator(...ops)) {
      const op = this.next().text as ArithmeticOp;
      const right = operand();
      this.count(right);
      left = { type: 'binary', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private unary(): ExprNode {
    if (this.isOperator('-', '+')) {
      const t = this.next();
      const operand = this.nested(() => this.unary());
      this.count(t);
      return { type: 'unary', op: t.text as '-' | '+', operand, start: t.start, end: operand.end };
    }
    return this.power();
  }

  private power(): ExprNode {
    const base = this.primary();
    if (this.isOperator('^')) {
      this.next();
      const exponent = this.nested(() => this.unary()); // right associative: a^b^c = a^(b^c)
      this.count(exponent);
      return { type: 'binary', op: '^', left: base, right: exponent, start: base.start, end: exponent.end };
    }
    return base;
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_NESTING) {
      throw new ExpressionSyntaxError('The expression is nested too deeply {at}', this.peek());
    }
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private primary(): ExprNode {
    const t = this.next();
    if (t.kind === 'number' || t.kind === 'identifier') this.count(t);
    switch (t.kind) {
      case 'number':
        return { type: 'number', value: t.value ?? Number(t.text), start: t.start, end: t.end };
      case 'identifier':
        return this.peek().kind === '(' ? this.call(t) : this.name(t);
      case '(': {
        const inner = this.nested(() => this.comparison());
        this.expect(')', t);
        return inner;
      }
      case 'end':
        throw new ExpressionSyntaxError('Unexpected end of expression {at}: expected a value', t);
      case ')':
        throw new ExpressionSyntaxError("Unexpected ')' {at}: expected a value", t);
      default:
        throw new ExpressionSyntaxError(`Unexpected '${t.text}' {at}: expected a value`, t);
    }
  }

  private expect(kind: ')', opener: Token): Token {
    const t = this.peek();
    if (t.kind === kind) return this.next();
    const what = t.kind === 'end' ? 'end of expression' : `'${t.text}'`;
    throw new ExpressionSyntaxError(
      `Expected ')' {at} to close the '(' at {pos:${opener.start}}, found ${what}`, t,
    );
  }

  private name(t: Token): ExprNode {
    const { env } = this;
    if (env.variables.includes(t.text)) return { type: 'variable', name: t.text, start: t.start, end: t.end };
    const value = env.constants.get(t.text);
    if (value !== undefined) return { type: 'constant', name: t.text, value, start: t.start, end: t.end };
    const f = env.functions.get(t.text);
    if (f) throw new ExpressionSyntaxError(`'${t.text}' is a function {at}: write ${f.usage}`, t);
    const suggestion = closestName(t.text, [...env.variables, ...env.constants.keys()]);
    const hint = suggestion
      ? ` — did you mean '${suggestion}'?`
      : ` — the variable${env.variables.length > 1 ? 's are' : ' is'} ${env.variables.map((v) => `'${v}'`).join(', ')}; constants are ${[...env.constants.keys()].join(', ')}`;
    throw new ExpressionSyntaxError(`Unknown name '${t.text}' {at}${hint}`, t);
  }

  private call(nameToken: Token): ExprNode {
    const open = this.next(); // '('
    const signature = this.env.functions.get(nameToken.text);
    if (!signature) {
      const known = this.env.variables.includes(nameToken.text) || this.env.constants.has(nameToken.text);
      const suggestion = closestName(nameToken.text, this.env.functions.keys());
      const message = known
        ? `'${nameToken.text}' is not a function {at}: use '*' to multiply`
        : `Unknown function '${nameToken.text}' {at}${suggestion ? ` — did you mean '${suggestion}'?` : ''}`;
      throw new ExpressionSyntaxError(message, nameToken);
    }
    const args: ExprNode[] = [];
    if (this.peek().kind !== ')') {
      for (;;) {
        args.push(this.nested(() => this.comparison()));
        if (this.peek().kind !== ',') break;
        this.next();
      }
    }
    const close = this.expect(')', open);
    const span: Span = { start: nameToken.start, end: close.end };
    if (args.length < signature.minArgs || args.length > signature.maxArgs) {
      const expected = signature.minArgs === signature.maxArgs
        ? `${signature.minArgs}` : `${signature.minArgs} to ${signature.maxArgs}`;
      const plural = signature.maxArgs === 1 ? 'argument' : 'arguments';
      throw new ExpressionSyntaxError(
        `'${signature.name}' takes ${expected} ${plural}, got ${args.length} {at}: ${signature.usage}`, span,
      );
    }
    return { type: 'call', name: nameToken.text, nameEnd: nameToken.end, args, ...span };
  }

  private missingOperator(t: Token): ExpressionSyntaxError {
    const prev = this.tokens[this.pos - 1];
    const hint = prev && (t.kind === 'identifier' || t.kind === 'number' || t.kind === '(')
      ? `: write '${prev.text} * ${t.text}' to multiply` : '';
    return new ExpressionSyntaxError(`Expected an operator before '${t.text}' {at}${hint}`, t);
  }
}

/**
 * Comparisons produce true/false, which only where() can use; everywhere else they are errors,
 * and where's condition must be a comparison (a bare number would hide a mistake).
 */
function checkConditions(root: ExprNode, rootIsCondition: boolean): void {
  // An explicit stack: a chain of thousands of terms is a tree as deep as it is long.
  const stack: [ExprNode, boolean][] = [[root, rootIsCondition]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [node, isCondition] = item;
    switch (node.type) {
      case 'compare':
        if (!isCondition) {
          throw new ExpressionSyntaxError(
            `A comparison ('${node.op}') is only allowed as the condition of where(...) {at}`, node,
          );
        }
        stack.push([node.right, false], [node.left, false]);
        break;
      case 'unary':
        stack.push([node.operand, false]);
        break;
      case 'binary':
        stack.push([node.right, false], [node.left, false]);
        break;
      case 'call':
        for (let i = node.args.length - 1; i >= 0; i--) {
          const arg = node.args[i];
          const condition = node.name === 'where' && i === 0;
          if (condition && arg.type !== 'compare') {
            throw new ExpressionSyntaxError(
              'The condition of where(...) must be a comparison such as x > 0 {at}', arg,
            );
          }
          stack.push([arg, condition]);
        }
        break;
      default:
        break;
    }
  }
}
