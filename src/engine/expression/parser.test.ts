import { strict as assert } from 'node:assert';
import { compileExpression, parseExpression, type ExprNode, type ExpressionError } from './index';
import { closestName, editDistance } from './suggest';
import { Tensor } from '../tensor';

/** The value of a constant expression (x is unused). */
function value(src: string): number {
  const r = compileExpression(src);
  if (!r.ok) throw new Error(r.error.message);
  return r.fn(Tensor.from([0])).data[0];
}

function errorOf(src: string): ExpressionError {
  const r = parseExpression(src);
  if (r.ok) throw new Error(`'${src}' parsed but should not`);
  return r.error;
}

/** A compact S-expression of the tree, to check grouping. */
function shape(n: ExprNode): string {
  switch (n.type) {
    case 'number': return String(n.value);
    case 'variable': case 'constant': return n.name;
    case 'unary': return `(${n.op} ${shape(n.operand)})`;
    case 'binary': case 'compare': return `(${n.op} ${shape(n.left)} ${shape(n.right)})`;
    case 'call': return `(${n.name} ${n.args.map(shape).join(' ')})`;
  }
}

function tree(src: string): string {
  const r = parseExpression(src);
  if (!r.ok) throw new Error(r.error.message);
  return shape(r.ast);
}

describe('expression parser', () => {
  it('parses the documented examples', () => {
    assert.equal(tree('x * sigmoid(1.702 * x)'), '(* x (sigmoid (* 1.702 x)))');
    assert.equal(tree('log(1 + exp(x))'), '(log (+ 1 (exp x)))');
    assert.equal(tree('max(x, 0.1 * x)'), '(max x (* 0.1 x))');
    assert.equal(tree('tanh(x)^2'), '(^ (tanh x) 2)');
    assert.equal(tree('where(x > 0, x, exp(x) - 1)'), '(where (> x 0) x (- (exp x) 1))');
  });

  it('follows mathematical precedence and associativity', () => {
    assert.equal(tree('-x^2'), '(- (^ x 2))');
    assert.equal(tree('2^-x'), '(^ 2 (- x))');
    assert.equal(tree('x ** 2'), '(^ x 2)');
    assert.equal(value('2^3^2'), 512); // right associative
    assert.equal(value('-2^2'), -4);
    assert.equal(value('(-2)^2'), 4);
    assert.equal(value('1 - 2 - 3'), -4); // left associative
    assert.equal(value('8 / 4 / 2'), 1);
    assert.equal(value('2 + 3 * 4'), 14);
    assert.equal(value('2 * 3 + 4'), 10);
    assert.equal(value('2 * -3'), -6);
    assert.equal(value('--3'), 3);
    assert.equal(value('+3'), 3);
    assert.equal(value('2^-1'), 0.5);
    assert.equal(value('where(1 > 2, 5, 7)'), 7);
    assert.equal(value('where(2 - 1 == 1, 5, 7)'), 5);
  });

  it('reads numbers in every usual notation and the constants', () => {
    assert.equal(value('1e-3'), 1e-3);
    assert.equal(value('2E+2'), 200);
    assert.equal(value('.5'), 0.5);
    assert.equal(value('3.'), 3);
    assert.equal(value('1.5e2'), 150);
    assert.equal(value('pi'), Math.PI);
    assert.equal(value('e'), Math.E);
    assert.equal(value(' \t2 *\n 3 '), 6);
  });

  it('records source positions on every node', () => {
    const r = parseExpression('x + tanh( x )');
    assert.ok(r.ok);
    assert.deepEqual([r.ast.start, r.ast.end], [0, 13]);
    if (r.ast.type !== 'binary' || r.ast.right.type !== 'call') throw new Error('unexpected tree');
    assert.deepEqual([r.ast.right.start, r.ast.right.nameEnd, r.ast.right.end], [4, 8, 13]);
    assert.deepEqual([r.ast.right.args[0].start, r.ast.right.args[0].end], [10, 11]);
  });

  it('reports unknown names with suggestions', () => {
    assert.deepEqual(errorOf('sigmod(x)'), {
      message: "Unknown function 'sigmod' at column 1 — did you mean 'sigmoid'?", start: 0, end: 6, line: 1, column: 1,
    });
    assert.match(errorOf('2 * tanhh(x)').message, /^Unknown function 'tanhh' at column 5 — did you mean 'tanh'\?$/);
    assert.match(errorOf('Relu(x)').message, /did you mean 'relu'\?/);
    assert.match(errorOf('gleu(x)').message, /did you mean 'gelu'\?/);
    assert.equal(errorOf('frobnicate(x)').message, "Unknown function 'frobnicate' at column 1");
    assert.equal(errorOf('x + y').message, "Unknown name 'y' at column 5 — the variable is 'x'; constants are pi, e");
    assert.match(errorOf('X + 1').message, /Unknown name 'X' at column 1 — did you mean 'x'\?/);
    assert.equal(errorOf('sigmoid').message, "'sigmoid' is a function at column 1: write sigmoid(x)");
    assert.equal(errorOf('x(2)').message, "'x' is not a function at column 1: use '*' to multiply");
  });

  it('reports syntax errors at their position', () => {
    const unclosed = errorOf('max(x, 0.1 * x');
    assert.equal(unclosed.message, "Expected ')' at column 15 to close the '(' at column 4, found end of expression");
    assert.deepEqual([unclosed.start, unclosed.column], [14, 15]);
    assert.equal(errorOf('(x + 1').message, "Expected ')' at column 7 to close the '(' at column 1, found end of expression");
    assert.equal(errorOf('2x').message, "Expected an operator before 'x' at column 2: write '2 * x' to multiply");
    assert.equal(errorOf('x +').message, 'Unexpected end of expression at column 4: expected a value');
    assert.equal(errorOf('x * * 2').message, "Unexpected '*' at column 5: expected a value");
    assert.equal(errorOf('(x))').message, "Unmatched ')' at column 4");
    assert.equal(errorOf('x, 1').message, "Unexpected ',' at column 2: commas only separate function arguments");
    assert.equal(errorOf('x $ 2').message, "Unexpected character '$' at column 3");
    assert.equal(errorOf('x = 1').message, "Unexpected '=' at column 3: use '==' to compare");
    assert.equal(errorOf('1e').message, "Malformed number '1e' at column 1");
    assert.equal(errorOf('1.2.3').message, "Malformed number '1.2.3' at column 1");
    assert.equal(errorOf('   ').message, 'The expression is empty');
    assert.equal(errorOf('max(x)').message, "'max' takes 2 arguments, got 1 at column 1: max(a, b)");
    assert.equal(errorOf('exp(x, 2)').message, "'exp' takes 1 argument, got 2 at column 1: exp(x)");
    assert.equal(errorOf('leaky_relu(x, 1, 2)').message,
      "'leaky_relu' takes 1 to 2 arguments, got 3 at column 1: leaky_relu(x, negative_slope)");
  });

  it('only allows comparisons as the condition of where', () => {
    assert.equal(errorOf('x > 0').message, "A comparison ('>') is only allowed as the condition of where(...) at column 1");
    assert.match(errorOf('where(x, x, 0)').message, /^The condition of where\(\.\.\.\) must be a comparison such as x > 0 at column 7$/);
    assert.match(errorOf('where(x > 0, x < 1, 0)').message, /only allowed as the condition/);
    assert.match(errorOf('where(0 < x < 1, x, 0)').message, /^Comparisons cannot be chained at column 13/);
  });

  it('gives line and column in multi-line sources', () => {
    const e = errorOf('x +\n  foo(x)');
    assert.equal(e.message, "Unknown function 'foo' at line 2, column 3");
    assert.deepEqual([e.line, e.column, e.start], [2, 3, 6]);
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    assert.match(errorOf(`${'('.repeat(5000)}x${')'.repeat(5000)}`).message, /nested too deeply/);
    assert.match(errorOf(`${'-'.repeat(5000)}x`).message, /nested too deeply/);
    assert.ok(parseExpression(`${'('.repeat(100)}x${')'.repeat(100)}`).ok);
  });
});

describe('name suggestions', () => {
  it('measures edit distance with transpositions', () => {
    assert.equal(editDistance('sigmoid', 'sigmoid'), 0);
    assert.equal(editDistance('sigmod', 'sigmoid'), 1);
    assert.equal(editDistance('gleu', 'gelu'), 1);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });

  it('suggests only plausible typos', () => {
    assert.equal(closestName('softpuls', ['softplus', 'softsign']), 'softplus');
    assert.equal(closestName('y', ['x', 'e']), undefined);
    assert.equal(closestName('banana', ['relu', 'tanh']), undefined);
  });
});
