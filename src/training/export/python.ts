/**
 * Small pieces of Python source from our definitions: number literals, and torch calls for the
 * registry's activations and for activation expressions (translated from the engine's syntax
 * tree, so the script computes the same function the engine compiled).
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

/**
 * The registry's torch call with `input` for x and the given values (else the defaults) for the
 * parameters, e.g. "torch.nn.functional.leaky_relu(u, negative_slope=0.1)".
 */
export function torchActivationCall(spec: ActivationSpec, input: string, params: readonly (string | undefined)[] | Readonly<Record<string, number>>): string {
  const values = new Map<string, string>();
  spec.params.forEach((p, i) => {
    const given = Array.isArray(params) ? params[i] : (params as Record<string, number>)[p.name];
    values.set(p.name, given === undefined ? pyNum(p.default) : typeof given === 'number' ? pyNum(given) : given);
  });
  return spec.torch.replace(/\b[A-Za-z_]\w*\b(?!\s*\()/g, (word, offset: number, whole: string) => {
    if (whole[offset - 1] === '.' || whole[offset - 1] === "'") return word; // module paths, string arguments
    if (word === 'x') return input;
    const value = values.get(word);
    return value === undefined ? word : `${word}=${value}`;
  });
}

const UNARY_TORCH: Readonly<Record<string, string>> = {
  exp: 'torch.exp', log: 'torch.log', sqrt: 'torch.sqrt', abs: 'torch.abs', sin: 'torch.sin', cos: 'torch.cos', erf: 'torch.erf',
};

/** A torch expression computing the activation expression `src` of the tensor named `input`. */
export function expressionToTorch(src: string, input: string): string {
  const parsed = parseExpression(src);
  if (!parsed.ok) throw new Error(`activation expression: ${parsed.error.message}`);
  // _t(v) lifts a Python number to a tensor shaped like the input, where torch needs tensors.
  const t = (node: ExprNode) => (dependsOnX(node) ? emit(node) : `_t(${emit(node)}, ${input})`);
  function emit(node: ExprNode): string {
    switch (node.type) {
      case 'number': return pyNum(node.value);
      case 'constant': return node.name === 'pi' ? 'math.pi' : node.name === 'e' ? 'math.e' : pyNum(node.value);
      case 'variable': return input;
      case 'unary': return node.op === '-' ? `(-${emit(node.operand)})` : emit(node.operand);
      case 'binary': return node.op === '^' ? `(${emit(node.left)} ** ${emit(node.right)})` : `(${emit(node.left)} ${node.op} ${emit(node.right)})`;
      case 'compare': return `(${emit(node.left)} ${node.op} ${emit(node.right)})`;
      case 'call': {
        const args = node.args;
        if (UNARY_TORCH[node.name]) return `${UNARY_TORCH[node.name]}(${t(args[0])})`;
        if (node.name === 'max' || node.name === 'min') return `torch.${node.name === 'max' ? 'maximum' : 'minimum'}(${t(args[0])}, ${t(args[1])})`;
        if (node.name === 'pow') return `(${emit(args[0])} ** ${emit(args[1])})`;
        if (node.name === 'where') return `torch.where(${emit(args[0])}, ${t(args[1])}, ${t(args[2])})`;
        const spec = findActivation(node.name);
        if (!spec) throw new Error(`activation expression: no torch translation for ${node.name}`);
        return torchActivationCall(spec, t(args[0]), args.slice(1).map((a) => emit(a)));
      }
    }
  }
  return emit(parsed.ast);
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
