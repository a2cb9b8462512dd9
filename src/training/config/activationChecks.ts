/**
 * Checks of the hidden activation that need the engine: parameters that belong to the chosen
 * activation (from the engine's registry), hardtanh's bounds in order, and an expression that
 * parses, with the error pointed at the exact characters inside the JSON string.
 */
import type { Node } from 'jsonc-parser';
import { compileExpression, findActivation, parseExpression, type ExprNode } from '../../engine';
import { NAMED_ACTIVATION_OPS } from './memory';
import { msg, problem, type Problem } from './problems';
import { isObject } from './schemaWalk';
import { keyAt, nodeAt, spanOf } from './tree';

interface Context {
  readonly text: string;
  readonly tree: Node;
}

const PATH = ['model', 'activation'];

export function activationProblems(ctx: Context, activation: unknown): Problem[] {
  if (!isObject(activation)) return [];
  if (typeof activation.expression === 'string') return expressionProblems(ctx, activation.expression);
  const spec = findActivation(String(activation.name));
  if (!spec) return [];
  const out: Problem[] = [];
  const takes = spec.params.map((p) => p.name);
  for (const key of Object.keys(activation)) {
    if (key === 'name' || takes.includes(key)) continue;
    const node = keyAt(ctx.tree, [...PATH, key]);
    if (!node) continue;
    const text = takes.length
      ? msg('"{0}" is not a parameter of {1}: it takes {2}', key, spec.name, takes.join(', '))
      : msg('"{0}" is not a parameter of {1}: it takes no parameters', key, spec.name);
    out.push(problem(node.offset, node.offset + node.length, 'conflict', text));
  }
  if (spec.name === 'hardtanh') {
    const lo = typeof activation.min_val === 'number' ? activation.min_val : -1;
    const hi = typeof activation.max_val === 'number' ? activation.max_val : 1;
    if (!(lo < hi)) {
      const node = nodeAt(ctx.tree, [...PATH, typeof activation.max_val === 'number' ? 'max_val' : 'min_val']);
      if (node) out.push(problem(node.offset, node.offset + node.length, 'conflict', msg('hardtanh needs min_val < max_val (got {0} and {1})', lo, hi)));
    }
  }
  return out;
}

function expressionProblems(ctx: Context, expression: string): Problem[] {
  const compiled = compileExpression(expression);
  if (compiled.ok) return [];
  const node = nodeAt(ctx.tree, [...PATH, 'expression']);
  if (!node) return [];
  const { start, end } = innerSpan(ctx.text, node, expression, compiled.error.start, compiled.error.end);
  return [problem(start, end, 'expression', msg('activation expression: {0}', compiled.error.message))];
}

/**
 * Maps a range inside a string's value to offsets in the file. Exact when the literal has no escape
 * sequences (the usual case); otherwise the whole string is marked, which is never wrong.
 */
function innerSpan(text: string, node: Node, value: string, from: number, to: number): { start: number; end: number } {
  const raw = text.slice(node.offset + 1, node.offset + node.length - 1);
  if (raw !== value) return spanOf(node) as { start: number; end: number };
  const start = node.offset + 1 + Math.min(from, value.length);
  return { start, end: Math.max(start + 1, node.offset + 1 + Math.min(to, value.length)) };
}

/**
 * Engine operations per application of the activation: each operation of an expression makes a
 * tensor of the layer's size (and later its gradient), so a 1,000-character expression costs
 * hundreds of times what relu does.
 */
export function activationOps(activation: unknown): number {
  const expression = isObject(activation) && typeof activation.expression === 'string' ? activation.expression : undefined;
  if (expression === undefined) return NAMED_ACTIVATION_OPS;
  const parsed = parseExpression(expression);
  if (!parsed.ok) return NAMED_ACTIVATION_OPS;
  let ops = 0;
  const stack: ExprNode[] = [parsed.ast];
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    if (n.type === 'unary') stack.push(n.operand);
    else if (n.type === 'binary' || n.type === 'compare') stack.push(n.left, n.right);
    else if (n.type === 'call') stack.push(...n.args);
    else continue;
    ops++;
  }
  return Math.max(1, ops);
}
