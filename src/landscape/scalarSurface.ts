/**
 * f(x, y) at many points without tensors, for grids. Through tensors, 40 000 points allocate a
 * 320 KB array per operation, and in a browser collecting those costs far more than the arithmetic.
 * An expression is compiled to a short program of array loops run over blocks of points in
 * preallocated registers (one loop per operation, like the tensor kernels, but nothing allocated);
 * erf and the activations run the engine's own op on a block (a small tensor, quickly collected).
 * Every operation computes bit for bit what the engine's tensor op computes (the same Math calls,
 * x*x for x^2 as the engine's pow does, constant subexpressions folded the same way), so a grid is
 * the same either way; `scalarSurface.test.ts` checks that.
 */
import { erf, EXPRESSION_ACTIVATIONS, SURFACE_ENVIRONMENT, Tensor, type ExprNode } from '../engine';
import { parseWithEnvironment } from '../engine/expression/parser';

/** f at xs[i], ys[i] into out[i], for i < out.length. */
export type PointsEvaluator = (xs: Float64Array, ys: Float64Array, out: Float64Array) => void;

/** A surface given as a function of one point (the built-ins), run over arrays of points. */
export function pointwise(f: (x: number, y: number) => number): PointsEvaluator {
  return (xs, ys, out) => {
    for (let i = 0; i < out.length; i++) out[i] = f(xs[i], ys[i]);
  };
}

/** base^p for an exponent known at compile time, with the engine's shortcuts (its powScalarKernel). */
function powConstant(p: number): (a: number) => number {
  if (p === 2) return (a) => a * a;
  if (p === 3) return (a) => a * a * a;
  if (p === 0.5) return (a) => Math.sqrt(a);
  if (p === -1) return (a) => 1 / a;
  return (a) => Math.pow(a, p);
}

// Opcodes. Registers 0 and 1 hold x and y; the others hold constants or results.
const NEG = 0, EXP = 1, LOG = 2, SQRT = 3, ABS = 4, SIN = 5, COS = 6, SQUARE = 7, CUBE = 8, RECIP = 9;
const ADD = 10, SUB = 11, MUL = 12, DIV = 13, POW = 14, MAX = 15, MIN = 16;
const GT = 17, LT = 18, GE = 19, LE = 20, EQ = 21, NE = 22, WHERE = 23;
/** An engine op on a block as a tensor (b: its index in the program's `calls`). */
const CALL = 24;

const UNARY_OPS: Readonly<Record<string, number>> = { exp: EXP, log: LOG, sqrt: SQRT, abs: ABS, sin: SIN, cos: COS };
const BINARY_OPS: Readonly<Record<string, number>> = {
  '+': ADD, '-': SUB, '*': MUL, '/': DIV, '^': POW, max: MAX, min: MIN,
  '>': GT, '<': LT, '>=': GE, '<=': LE, '==': EQ, '!=': NE,
};

/** What each op does to one value: for folding constants at compile time. */
function scalarOp(op: number, a: number, b: number): number {
  switch (op) {
    case NEG: return -a;
    case EXP: return Math.exp(a);
    case LOG: return Math.log(a);
    case SQRT: return Math.sqrt(a);
    case ABS: return Math.abs(a);
    case SIN: return Math.sin(a);
    case COS: return Math.cos(a);
    case SQUARE: return a * a;
    case CUBE: return a * a * a;
    case RECIP: return 1 / a;
    case ADD: return a + b;
    case SUB: return a - b;
    case MUL: return a * b;
    case DIV: return a / b;
    case POW: return Math.pow(a, b);
    case MAX: return Math.max(a, b);
    case MIN: return Math.min(a, b);
    case GT: return a > b ? 1 : 0;
    case LT: return a < b ? 1 : 0;
    case GE: return a >= b ? 1 : 0;
    case LE: return a <= b ? 1 : 0;
    case EQ: return a === b ? 1 : 0;
    case NE: return a !== b ? 1 : 0;
    default: throw new Error(`no scalar form of op ${op}`);
  }
}

/** Points per block (a grid row of 200 is one block): the registers are BLOCK values each. */
const BLOCK = 256;
/** More registers than this (a very long expression) and the tensors evaluate it. */
const MAX_REGISTERS = 512;

/** A compiled node: a number known at compile time, or the register holding its values. */
type Value = { readonly value: number } | { readonly reg: number };

class TooLong extends Error {}

class Program {
  /** [op, destination, a, b, c] per instruction (b and c unused by unary ops). */
  readonly code: number[] = [];
  /** Constant registers and their values, filled once. */
  readonly constants: [number, number][] = [];
  /** The engine ops CALL runs: elementwise, so a block gives each point what the whole grid would. */
  readonly calls: ((t: Tensor) => Tensor)[] = [];
  registers = 2;

  private newRegister(): number {
    if (this.registers >= MAX_REGISTERS) throw new TooLong();
    return this.registers++;
  }

  reg(v: Value): number {
    if ('reg' in v) return v.reg;
    const r = this.newRegister();
    this.constants.push([r, v.value]);
    return r;
  }

  unary(op: number, a: Value): Value {
    if ('value' in a) return { value: scalarOp(op, a.value, 0) };
    const d = this.newRegister();
    this.code.push(op, d, a.reg, 0, 0);
    return { reg: d };
  }

  binary(op: number, a: Value, b: Value): Value {
    if ('value' in a && 'value' in b) return { value: scalarOp(op, a.value, b.value) };
    const ra = this.reg(a), rb = this.reg(b), d = this.newRegister();
    this.code.push(op, d, ra, rb, 0);
    return { reg: d };
  }

  /** The engine's pow: a constant exponent takes its shortcuts, an exponent depending on x or y is Math.pow. */
  power(a: Value, b: Value): Value {
    if (!('value' in b)) return this.binary(POW, a, b);
    const p = b.value;
    if ('value' in a) return { value: powConstant(p)(a.value) };
    if (p === 2) return this.unary(SQUARE, a);
    if (p === 3) return this.unary(CUBE, a);
    if (p === 0.5) return this.unary(SQRT, a);
    if (p === -1) return this.unary(RECIP, a);
    return this.binary(POW, a, b);
  }

  call(fn: (t: Tensor) => Tensor, a: Value): Value {
    // Folded as the engine's compiler folds it: the op on a 0-d tensor.
    if ('value' in a) return { value: fn(new Tensor(Float64Array.of(a.value), [])).data[0] };
    const d = this.newRegister();
    this.code.push(CALL, d, a.reg, this.calls.length, 0);
    this.calls.push(fn);
    return { reg: d };
  }

  where(c: Value, t: Value, f: Value): Value {
    if ('value' in c && 'value' in t && 'value' in f) return { value: c.value !== 0 ? t.value : f.value };
    const rc = this.reg(c), rt = this.reg(t), rf = this.reg(f), d = this.newRegister();
    this.code.push(WHERE, d, rc, rt, rf);
    return { reg: d };
  }

  /** null: a node the engine's compiler would not accept either. */
  compile(node: ExprNode): Value | null {
    switch (node.type) {
      case 'number':
      case 'constant':
        return { value: node.value };
      case 'variable':
        return node.name === 'x' ? { reg: 0 } : node.name === 'y' ? { reg: 1 } : null;
      case 'unary': {
        const a = this.compile(node.operand);
        return !a || node.op === '+' ? a : this.unary(NEG, a);
      }
      case 'binary':
        return this.chain(node);
      case 'compare': {
        const a = this.compile(node.left), b = a && this.compile(node.right);
        return a && b ? this.binary(BINARY_OPS[node.op], a, b) : null;
      }
      case 'call': {
        const args: Value[] = [];
        for (const arg of node.args) {
          const v = this.compile(arg);
          if (!v) return null;
          args.push(v);
        }
        const n = node.name;
        if (UNARY_OPS[n] !== undefined && args.length === 1) return this.unary(UNARY_OPS[n], args[0]);
        if ((n === 'max' || n === 'min') && args.length === 2) return this.binary(BINARY_OPS[n], args[0], args[1]);
        if (n === 'pow' && args.length === 2) return this.power(args[0], args[1]);
        if (n === 'where' && args.length === 3) return this.where(args[0], args[1], args[2]);
        if (n === 'erf' && args.length === 1) return this.call((t) => erf(t), args[0]);
        const spec = EXPRESSION_ACTIVATIONS.get(n);
        if (!spec) return null;
        // The activation's parameters, in the registry's order, must be numbers (the engine's compiler refuses others).
        const params: Record<string, number> = {};
        for (let i = 1; i < args.length; i++) {
          const arg = args[i];
          if (!('value' in arg) || !spec.params[i - 1]) return null;
          params[spec.params[i - 1].name] = arg.value;
        }
        return this.call((t) => spec.apply(t, params), args[0]);
      }
    }
  }

  /** A binary node and those down its left side ((a + b) * c − d ...) in a loop, not a recursion per term. */
  private chain(node: Extract<ExprNode, { type: 'binary' }>): Value | null {
    const spine: Extract<ExprNode, { type: 'binary' }>[] = [];
    let leftmost: ExprNode = node;
    for (; leftmost.type === 'binary'; leftmost = leftmost.left) spine.push(leftmost);
    let acc = this.compile(leftmost);
    for (let i = spine.length - 1; acc && i >= 0; i--) {
      const right = this.compile(spine[i].right);
      if (!right) return null;
      acc = spine[i].op === '^' ? this.power(acc, right) : this.binary(BINARY_OPS[spine[i].op], acc, right);
    }
    return acc;
  }
}

/** Runs the program over blocks of points. */
function evaluator(program: Program, result: Value): PointsEvaluator {
  if ('value' in result) {
    const v = result.value;
    return (_xs, _ys, out) => out.fill(v);
  }
  const code = Int32Array.from(program.code);
  const r = new Float64Array(program.registers * BLOCK);
  for (const [reg, value] of program.constants) r.fill(value, reg * BLOCK, (reg + 1) * BLOCK);
  const resultAt = result.reg * BLOCK;
  const calls = program.calls;
  return (xs, ys, out) => {
    for (let start = 0; start < out.length; start += BLOCK) {
      const m = Math.min(BLOCK, out.length - start);
      r.set(xs.subarray(start, start + m), 0);
      r.set(ys.subarray(start, start + m), BLOCK);
      for (let k = 0; k < code.length; k += 5) {
        const d = code[k + 1] * BLOCK, a = code[k + 2] * BLOCK;
        if (code[k] === CALL) r.set(calls[code[k + 3]](new Tensor(r.slice(a, a + m), [m])).data, d);
        else run(code[k], r, d, a, code[k + 3] * BLOCK, code[k + 4] * BLOCK, m);
      }
      out.set(r.subarray(resultAt, resultAt + m), start);
    }
  };
}

/** One instruction over m values: r[d + i] = op(r[a + i], r[b + i]) (c: where's if-false). */
function run(op: number, r: Float64Array, d: number, a: number, b: number, c: number, m: number): void {
  switch (op) {
    case NEG: for (let i = 0; i < m; i++) r[d + i] = -r[a + i]; break;
    case EXP: for (let i = 0; i < m; i++) r[d + i] = Math.exp(r[a + i]); break;
    case LOG: for (let i = 0; i < m; i++) r[d + i] = Math.log(r[a + i]); break;
    case SQRT: for (let i = 0; i < m; i++) r[d + i] = Math.sqrt(r[a + i]); break;
    case ABS: for (let i = 0; i < m; i++) r[d + i] = Math.abs(r[a + i]); break;
    case SIN: for (let i = 0; i < m; i++) r[d + i] = Math.sin(r[a + i]); break;
    case COS: for (let i = 0; i < m; i++) r[d + i] = Math.cos(r[a + i]); break;
    case SQUARE: for (let i = 0; i < m; i++) r[d + i] = r[a + i] * r[a + i]; break;
    case CUBE: for (let i = 0; i < m; i++) r[d + i] = r[a + i] * r[a + i] * r[a + i]; break;
    case RECIP: for (let i = 0; i < m; i++) r[d + i] = 1 / r[a + i]; break;
    case ADD: for (let i = 0; i < m; i++) r[d + i] = r[a + i] + r[b + i]; break;
    case SUB: for (let i = 0; i < m; i++) r[d + i] = r[a + i] - r[b + i]; break;
    case MUL: for (let i = 0; i < m; i++) r[d + i] = r[a + i] * r[b + i]; break;
    case DIV: for (let i = 0; i < m; i++) r[d + i] = r[a + i] / r[b + i]; break;
    case POW: for (let i = 0; i < m; i++) r[d + i] = Math.pow(r[a + i], r[b + i]); break;
    case MAX: for (let i = 0; i < m; i++) r[d + i] = Math.max(r[a + i], r[b + i]); break;
    case MIN: for (let i = 0; i < m; i++) r[d + i] = Math.min(r[a + i], r[b + i]); break;
    case GT: for (let i = 0; i < m; i++) r[d + i] = r[a + i] > r[b + i] ? 1 : 0; break;
    case LT: for (let i = 0; i < m; i++) r[d + i] = r[a + i] < r[b + i] ? 1 : 0; break;
    case GE: for (let i = 0; i < m; i++) r[d + i] = r[a + i] >= r[b + i] ? 1 : 0; break;
    case LE: for (let i = 0; i < m; i++) r[d + i] = r[a + i] <= r[b + i] ? 1 : 0; break;
    case EQ: for (let i = 0; i < m; i++) r[d + i] = r[a + i] === r[b + i] ? 1 : 0; break;
    case NE: for (let i = 0; i < m; i++) r[d + i] = r[a + i] !== r[b + i] ? 1 : 0; break;
    case WHERE: for (let i = 0; i < m; i++) r[d + i] = r[a + i] !== 0 ? r[b + i] : r[c + i]; break;
  }
}

/** The tensor-free form of an expression in x and y, or null when it does not parse or is too long for the registers. */
export function compileSurfacePoints(source: string): PointsEvaluator | null {
  const parsed = parseWithEnvironment(source, SURFACE_ENVIRONMENT);
  if (!parsed.ok) return null;
  const program = new Program();
  try {
    const result = program.compile(parsed.ast);
    return result ? evaluator(program, result) : null;
  } catch (e) {
    if (e instanceof TooLong) return null;
    throw e;
  }
}
