/**
 * "Copy as PyTorch": a runnable script that rebuilds the plotted curves in PyTorch and takes their
 * first and second derivatives with torch.autograd, the same way the engine does (float64, grad of
 * the sum, then double backward). Registry activations use the registry's own `torch` call; custom
 * expressions are translated from the engine's syntax tree. Pure.
 */

import { parseExpression, type ActivationSpec, type ExprNode } from '../../engine';
import type { CurveSource } from '../../protocol';
import { findActivation } from './catalog';

/** Python literal for a float64 (repr-style: 1.0, 0.01, 1e-08, float('inf')). */
export function pyNumber(v: number): string {
  if (Number.isNaN(v)) return "float('nan')";
  if (!Number.isFinite(v)) return v > 0 ? "float('inf')" : "-float('inf')";
  const s = String(v);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

/**
 * The registry's torch call ("torch.nn.functional.leaky_relu(x, negative_slope)") applied to `arg` with
 * keyword values: numbers, or Python text (parameters given inside an expression, e.g. elu(x, 2 * 0.5)).
 */
export function torchCall(spec: ActivationSpec, arg: string, params: Readonly<Record<string, number | string>> = {}): string {
  const m = /^(.*)\(x(?:, (.*))?\)$/.exec(spec.torch);
  if (!m) throw new Error(`cannot read the PyTorch call of ${spec.name}: ${spec.torch}`);
  const fn = m[1].replace(/^torch\.nn\.functional\./, 'F.');
  const extra = (m[2] ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)
    .map((a) => {
      if (a.includes('=')) return a; // a literal keyword such as approximate='tanh'
      const value = params[a] ?? spec.params.find((q) => q.name === a)?.default ?? NaN;
      return `${a}=${typeof value === 'string' ? value : pyNumber(value)}`;
    });
  return `${fn}(${[arg, ...extra].join(', ')})`;
}

const PRECEDENCE: Record<string, number> = { compare: 1, '+': 2, '-': 2, '*': 3, '/': 3, unary: 4, '^': 5, atom: 6 };
const MATH: Record<string, string> = {
  exp: 'torch.exp', log: 'torch.log', sqrt: 'torch.sqrt', abs: 'torch.abs', sin: 'torch.sin', cos: 'torch.cos',
  erf: 'torch.erf', max: 'torch.maximum', min: 'torch.minimum', pow: 'torch.pow', where: 'torch.where',
};

function precedenceOf(node: ExprNode): number {
  if (node.type === 'binary') return PRECEDENCE[node.op];
  if (node.type === 'compare') return PRECEDENCE.compare;
  if (node.type === 'unary') return PRECEDENCE.unary;
  return PRECEDENCE.atom;
}

/** Python source for an expression tree; `x` stays `x`. Parenthesizes only where precedence needs it. */
export function expressionToPython(node: ExprNode): string {
  const wrap = (child: ExprNode, min: number) => {
    const text = expressionToPython(child);
    return precedenceOf(child) < min ? `(${text})` : text;
  };
  // torch.maximum/minimum/where/pow want tensors: bare numbers become float64 tensors.
  const tensorArg = (a: ExprNode) => (a.type === 'number' || a.type === 'constant' ? `torch.tensor(${expressionToPython(a)}, dtype=torch.float64)` : expressionToPython(a));
  switch (node.type) {
    case 'number':
      return pyNumber(node.value);
    case 'variable':
      return node.name;
    case 'constant':
      return node.name === 'pi' ? 'math.pi' : node.name === 'e' ? 'math.e' : pyNumber(node.value);
    case 'unary':
      return `${node.op}${wrap(node.operand, PRECEDENCE.unary)}`;
    case 'binary': {
      const p = PRECEDENCE[node.op];
      if (node.op === '^') return `${wrap(node.left, p + 1)} ** ${wrap(node.right, PRECEDENCE.unary)}`;
      return `${wrap(node.left, p)} ${node.op} ${wrap(node.right, p + 1)}`;
    }
    case 'compare':
      return `${wrap(node.left, PRECEDENCE.compare + 1)} ${node.op} ${wrap(node.right, PRECEDENCE.compare + 1)}`;
    case 'call': {
      const math = MATH[node.name];
      if (math) {
        const tensors = node.name === 'where' ? [expressionToPython(node.args[0]), ...node.args.slice(1).map(tensorArg)] : node.args.map(tensorArg);
        return `${math}(${(['max', 'min', 'pow', 'where'].includes(node.name) ? tensors : node.args.map(expressionToPython)).join(', ')})`;
      }
      const spec = findActivation(node.name);
      if (!spec) throw new Error(`no PyTorch equivalent for '${node.name}'`);
      // Extra arguments are the registry's parameters, in order: leaky_relu(x, 0.2).
      const params = Object.fromEntries(node.args.slice(1).map((a, i) => [spec.params[i].name, expressionToPython(a)]));
      return torchCall(spec, expressionToPython(node.args[0]), params);
    }
  }
}

export interface SnippetCurve {
  readonly label: string;
  readonly source: CurveSource;
  readonly params: Readonly<Record<string, number>>;
}

/** The body `f(x)` of one curve in Python. */
export function curveToPython(curve: SnippetCurve): string {
  if (curve.source.kind === 'expression') {
    const parsed = parseExpression(curve.source.source);
    if (!parsed.ok) throw new Error(parsed.error.message);
    return expressionToPython(parsed.ast);
  }
  const spec = findActivation(curve.source.name);
  if (!spec) throw new Error(`Unknown activation '${curve.source.name}'`);
  return torchCall(spec, 'x', curve.params);
}

const pyString = (s: string) => JSON.stringify(s); // a JSON string is a valid Python string literal

export function pytorchSnippet(curves: readonly SnippetCurve[], xMin: number, xMax: number, points: number): string {
  const usesMath = curves.some((c) => c.source.kind === 'expression' && /\b(pi|e)\b/.test(c.source.source));
  const lines = [
    '# Generated by Gradient Lab: the plotted activations and their autograd derivatives.',
    ...(usesMath ? ['import math'] : []),
    'import torch',
    'import torch.nn.functional as F',
    '',
    'activations = {',
    ...curves.map((c) => `    ${pyString(c.label)}: lambda x: ${curveToPython(c)},`),
    '}',
    '',
    `x = torch.linspace(${pyNumber(xMin)}, ${pyNumber(xMax)}, ${points}, dtype=torch.float64, requires_grad=True)`,
    'curves = {}',
    'for name, f in activations.items():',
    '    y = f(x)',
    '    # y[i] depends on x[i] only, so the gradient of y.sum() is f\'(x) elementwise.',
    '    (dy,) = torch.autograd.grad(y.sum(), x, create_graph=True)',
    '    # Differentiate f\' again (double backward); a constant f\' (ReLU, identity) has no graph: f\'\' = 0.',
    '    d2y = torch.autograd.grad(dy.sum(), x, allow_unused=True)[0] if dy.requires_grad else None',
    '    d2y = torch.zeros_like(x) if d2y is None else d2y',
    '    curves[name] = (y.detach(), dy.detach(), d2y.detach())',
    '',
    'if __name__ == "__main__":',
    '    import matplotlib.pyplot as plt',
    '    fig, ax = plt.subplots()',
    '    for name, (y, dy, d2y) in curves.items():',
    '        line, = ax.plot(x.detach(), y, label=name)',
    '        ax.plot(x.detach(), dy, "--", color=line.get_color(), label=name + "\'")',
    '    ax.axhline(0, color="gray", linewidth=0.5)',
    '    ax.legend()',
    '    plt.show()',
  ];
  return lines.join('\n') + '\n';
}
