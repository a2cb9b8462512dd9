/**
 * Activations as PyTorch source, shared by the training export (the generated script) and the Plot
 * Activation panel's "copy as PyTorch": Python number and string literals, the registry's torch call
 * with parameters bound, and activation expressions translated from the engine's syntax tree (so the
 * Python computes the same function the engine compiled). Pure: the engine only.
 */
import { findActivation, parseExpression, type ActivationSpec, type ExprNode } from '../../engine';

/** A float literal Python reads back as exactly this double. */
export function pyNum(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? "float('inf')" : n < 0 ? "float('-inf')" : "float('nan')";
  const s = String(n);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

/** A Python string literal (JSON's escapes are valid Python). */
export function pyStr(s: string): string {
  return JSON.stringify(s);
}

/** How the surrounding script writes things; each consumer has its own. */
export interface TorchStyle {
  /** Python for a constant sub-expression where torch needs a tensor (exp(1), max(x, 0)). */
  readonly tensor: (python: string, input: string) => string;
  /** 'all': every operation in parentheses; 'minimal': only where Python's precedence needs them. */
  readonly parens: 'all' | 'minimal';
  /** What the script calls torch.nn.functional ("F." after `import torch.nn.functional as F`). */
  readonly functional: string;
}

/** The training script: defines _t(value, like) and spells every module path out. */
export const SCRIPT_STYLE: TorchStyle = { tensor: (py, input) => `_t(${py}, ${input})`, parens: 'all', functional: 'torch.nn.functional.' };

/**
 * The registry's torch call with `input` for x and the given values (else the defaults) for the
 * parameters, e.g. "torch.nn.functional.leaky_relu(u, negative_slope=0.1)". Values are numbers or
 * Python text (parameters given inside an expression, elu(x, 2 * 0.5)).
 */
export function torchActivationCall(
  spec: ActivationSpec,
  input: string,
  params: readonly (string | undefined)[] | Readonly<Record<string, number | string>> = {},
  functional = SCRIPT_STYLE.functional,
): string {
  const values = new Map<string, string>();
  spec.params.forEach((p, i) => {
    const given = Array.isArray(params) ? params[i] : (params as Record<string, number | string>)[p.name];
    values.set(p.name, given === undefined ? pyNum(p.default) : typeof given === 'number' ? pyNum(given) : given);
  });
  const call = spec.torch.replace(/^torch\.nn\.functional\./, functional);
  return call.replace(/\b[A-Za-z_]\w*\b(?!\s*\()/g, (word, offset: number, whole: string) => {
    if (whole[offset - 1] === '.' || whole[offset - 1] === "'") return word; // module paths, string arguments
    if (word === 'x') return input;
    const value = values.get(word);
    return value === undefined ? word : `${word}=${value}`;
  });
}

const UNARY_TORCH: Readonly<Record<string, string>> = {
  exp: 'torch.exp', log: 'torch.log', sqrt: 'torch.sqrt', abs: 'torch.abs', sin: 'torch.sin', cos: 'torch.cos', erf: 'torch.erf',
};
const PRECEDENCE = { compare: 1, '+': 2, '-': 2, '*': 3, '/': 3, unary: 4, '^': 5, atom: 6 } as const;

/** A torch expression computing the activation expression (source or parsed tree) of the tensor named `input`. */
export function expressionToTorch(src: string | ExprNode, input: string, style: TorchStyle = SCRIPT_STYLE): string {
  let ast = src as ExprNode;
  if (typeof src === 'string') {
    const parsed = parseExpression(src);
    if (!parsed.ok) throw new Error(`activation expression: ${parsed.error.message}`);
    ast = parsed.ast;
  }
  /** An operation's text at its precedence, or parenthesized as an atom in the 'all' style. */
  const op = (text: string, p: number): [string, number] => (style.parens === 'all' ? [`(${text})`, PRECEDENCE.atom] : [text, p]);
  const wrap = (child: ExprNode, min: number) => {
    const [text, p] = emit(child);
    return p < min ? `(${text})` : text;
  };
  const text = (node: ExprNode) => emit(node)[0];
  // Torch functions want tensors: a sub-expression without x is lifted to one.
  const t = (node: ExprNode) => (dependsOnX(node) ? text(node) : style.tensor(text(node), input));
  function emit(node: ExprNode): [string, number] {
    switch (node.type) {
      case 'number': return [pyNum(node.value), PRECEDENCE.atom];
      case 'constant': return [node.name === 'pi' ? 'math.pi' : node.name === 'e' ? 'math.e' : pyNum(node.value), PRECEDENCE.atom];
      case 'variable': return [input, PRECEDENCE.atom];
      case 'unary': return node.op === '-' ? op(`-${wrap(node.operand, PRECEDENCE.unary)}`, PRECEDENCE.unary) : emit(node.operand);
      case 'binary': {
        const p = PRECEDENCE[node.op];
        if (node.op === '^') return op(`${wrap(node.left, p + 1)} ** ${wrap(node.right, PRECEDENCE.unary)}`, p);
        return op(`${wrap(node.left, p)} ${node.op} ${wrap(node.right, p + 1)}`, p);
      }
      case 'compare': return op(`${wrap(node.left, PRECEDENCE.compare + 1)} ${node.op} ${wrap(node.right, PRECEDENCE.compare + 1)}`, PRECEDENCE.compare);
      case 'call': {
        const args = node.args;
        if (UNARY_TORCH[node.name]) return [`${UNARY_TORCH[node.name]}(${t(args[0])})`, PRECEDENCE.atom];
        if (node.name === 'max' || node.name === 'min') return [`torch.${node.name === 'max' ? 'maximum' : 'minimum'}(${t(args[0])}, ${t(args[1])})`, PRECEDENCE.atom];
        if (node.name === 'pow') return op(`${wrap(args[0], PRECEDENCE['^'] + 1)} ** ${wrap(args[1], PRECEDENCE.unary)}`, PRECEDENCE['^']);
        if (node.name === 'where') return [`torch.where(${text(args[0])}, ${t(args[1])}, ${t(args[2])})`, PRECEDENCE.atom];
        const spec = findActivation(node.name);
        if (!spec) throw new Error(`activation expression: no torch translation for ${node.name}`);
        // Extra arguments are the registry's parameters, in order: leaky_relu(x, 0.2).
        return [torchActivationCall(spec, t(args[0]), args.slice(1).map(text), style.functional), PRECEDENCE.atom];
      }
    }
  }
  return text(ast);
}

function dependsOnX(node: ExprNode): boolean {
  switch (node.type) {
    case 'variable': return true;
    case 'number':
    case 'constant': return false;
    case 'unary': return dependsOnX(node.operand);
    case 'binary':
    case 'compare': return dependsOnX(node.left) || dependsOnX(node.right);
    case 'call': return node.args.some(dependsOnX);
  }
}
