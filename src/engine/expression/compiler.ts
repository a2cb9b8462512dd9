/**
 * Compiles a parsed expression into a function from a Tensor to a Tensor built only from engine
 * ops, so autograd gives f' and f'' of any custom activation. No eval, no Function: the result is
 * a tree of closures mirroring the syntax tree. Subtrees without x are folded to numbers at
 * compile time, so x^2 reaches the engine's pow with a plain exponent (no log(x) in its gradient).
 */
import { broadcastTo } from '../ops/broadcast';
import { eq, ge, gt, le, lt, ne, where } from '../ops/compare';
import { add, div, maximum, minimum, mul, pow, sub } from '../ops/elementwise';
import { abs, cos, erf, exp, log, neg, sin, sqrt } from '../ops/unary';
import { Tensor, type TensorLike } from '../tensor';
import { ExpressionSyntaxError, type ComparisonOp, type ExprNode } from './ast';
import { EXPRESSION_ACTIVATIONS } from './standardEnvironment';

/** The value of each variable by name (x alone for activations; x and y for surfaces). */
type Bindings = Readonly<Record<string, Tensor>>;

/** A compiled node: a number known at compile time, or a function of the variables. */
type Compiled = { readonly kind: 'const'; readonly value: number } | { readonly kind: 'fn'; readonly fn: (vars: Bindings) => Tensor };

type Op = (...args: TensorLike[]) => Tensor;

const BUILTINS: Readonly<Record<string, Op>> = {
  exp: (a) => exp(a), log: (a) => log(a), sqrt: (a) => sqrt(a), abs: (a) => abs(a),
  sin: (a) => sin(a), cos: (a) => cos(a), erf: (a) => erf(a),
  max: (a, b) => maximum(a, b), min: (a, b) => minimum(a, b), pow: (a, b) => pow(a, b),
  where: (c, a, b) => where(c, a, b),
};

const ARITHMETIC: Readonly<Record<string, Op>> = {
  '+': (a, b) => add(a, b), '-': (a, b) => sub(a, b), '*': (a, b) => mul(a, b), '/': (a, b) => div(a, b), '^': (a, b) => pow(a, b),
};

const COMPARE: Readonly<Record<ComparisonOp, Op>> = {
  '>': (a, b) => gt(a, b), '<': (a, b) => lt(a, b), '>=': (a, b) => ge(a, b),
  '<=': (a, b) => le(a, b), '==': (a, b) => eq(a, b), '!=': (a, b) => ne(a, b),
};

/** Applies `op` to compiled arguments: folded to a number when none depends on x. */
function combine(op: Op, args: readonly Compiled[]): Compiled {
  if (args.every((a) => a.kind === 'const')) {
    return { kind: 'const', value: op(...args.map((a) => (a as { value: number }).value)).data[0] };
  }
  return { kind: 'fn', fn: (vars) => op(...args.map((a) => (a.kind === 'const' ? a.value : a.fn(vars)))) };
}

function compileNode(node: ExprNode): Compiled {
  switch (node.type) {
    case 'number':
    case 'constant':
      return { kind: 'const', value: node.value };
    case 'variable': {
      const name = node.name;
      return { kind: 'fn', fn: (vars) => vars[name] };
    }
    case 'unary': {
      const operand = compileNode(node.operand);
      return node.op === '+' ? operand : combine((a) => neg(a), [operand]);
    }
    case 'binary':
      return compileChain(node);
    case 'compare':
      return combine(COMPARE[node.op], [compileNode(node.left), compileNode(node.right)]);
    case 'call':
      return compileCall(node);
  }
}

/**
 * A binary node and the binary nodes down its left side ((a + b) * c - d ...) as one loop: a flat
 * chain of thousands of terms is a tree as deep as it is long, and nested closures would evaluate
 * it with a stack frame per term. Same grouping, same constant folding as node by node.
 */
function compileChain(node: Extract<ExprNode, { type: 'binary' }>): Compiled {
  const spine: Extract<ExprNode, { type: 'binary' }>[] = [];
  let leftmost: ExprNode = node;
  for (; leftmost.type === 'binary'; leftmost = leftmost.left) spine.push(leftmost);
  let acc = compileNode(leftmost);
  let i = spine.length - 1;
  for (; i >= 0 && acc.kind === 'const'; i--) acc = combine(ARITHMETIC[spine[i].op], [acc, compileNode(spine[i].right)]);
  if (i < 0) return acc;
  const head = acc;
  const steps: { op: Op; operand: Compiled }[] = [];
  for (; i >= 0; i--) steps.push({ op: ARITHMETIC[spine[i].op], operand: compileNode(spine[i].right) });
  return {
    kind: 'fn',
    fn: (vars) => {
      let y: Tensor = (head as { fn: (vars: Bindings) => Tensor }).fn(vars);
      for (const { op, operand } of steps) y = op(y, operand.kind === 'const' ? operand.value : operand.fn(vars));
      return y;
    },
  };
}

function compileCall(node: Extract<ExprNode, { type: 'call' }>): Compiled {
  const args = node.args.map(compileNode);
  const builtin = BUILTINS[node.name];
  if (builtin) return combine(builtin, args);
  const spec = EXPRESSION_ACTIVATIONS.get(node.name);
  if (!spec) throw new ExpressionSyntaxError(`Unknown function '${node.name}' {at}`, node);
  // Extra arguments are the activation's parameters, in the registry's order; they must be numbers.
  const params: Record<string, number> = {};
  args.slice(1).forEach((arg, i) => {
    const param = spec.params[i];
    if (arg.kind !== 'const') {
      throw new ExpressionSyntaxError(`The parameter '${param.name}' of ${node.name} must be a number, not depend on x {at}`, node.args[i + 1]);
    }
    params[param.name] = arg.value;
  });
  return combine((a) => spec.apply(a instanceof Tensor ? a : Tensor.from([a], []), params), [args[0]]);
}

/**
 * The function for a parsed expression: it maps x to a tensor of x's shape (a constant
 * expression is broadcast, so "1" is the constant function with derivative 0).
 */
export function compileAst(ast: ExprNode): (x: Tensor) => Tensor {
  const f = compileAstOf(ast, ['x']);
  return (x) => f([x]);
}

/**
 * The function of several variables (values in the order of `variables`, all of one shape): the
 * result has that shape, so a surface f(x, y) evaluates a whole grid in one call.
 */
export function compileAstOf(ast: ExprNode, variables: readonly string[]): (values: readonly Tensor[]) => Tensor {
  const compiled = compileNode(ast);
  if (compiled.kind === 'const') {
    const value = compiled.value;
    return (values) => Tensor.full(values[0].shape, value);
  }
  const fn = compiled.fn;
  return (values) => {
    const vars: Record<string, Tensor> = {};
    variables.forEach((name, i) => { vars[name] = values[i]; });
    const shape = values[0].shape;
    const y = fn(vars);
    return y.shape.length === shape.length && y.shape.every((d, i) => d === shape[i]) ? y : broadcastTo(y, shape);
  };
}

/** The function and constant names an expression uses, in order of first appearance. */
export function namesUsed(ast: ExprNode): string[] {
  const names = new Set<string>();
  const stack: ExprNode[] = [ast]; // explicit: a long chain is a deep tree
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    if (n.type === 'constant') names.add(n.name);
    else if (n.type === 'unary') stack.push(n.operand);
    else if (n.type === 'binary' || n.type === 'compare') stack.push(n.right, n.left);
    else if (n.type === 'call') {
      names.add(n.name);
      for (let i = n.args.length - 1; i >= 0; i--) stack.push(n.args[i]);
    }
  }
  return [...names];
}
