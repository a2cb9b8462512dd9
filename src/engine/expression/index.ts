/**
 * Custom activations as expressions in x: `parseExpression` gives the syntax tree (or an error
 * with its position), `compileExpression` a Tensor -> Tensor function built from engine ops, so
 * f' and f'' come from autograd.
 */
import type { Tensor } from '../tensor';
import { ExpressionSyntaxError, toExpressionError, type ExprNode, type ExpressionError } from './ast';
import { compileAst, compileAstOf, namesUsed } from './compiler';
import { parseWithEnvironment } from './parser';
import { STANDARD_ENVIRONMENT, SURFACE_ENVIRONMENT } from './standardEnvironment';

export type { ExprNode, ExpressionError, Span, ArithmeticOp, ComparisonOp } from './ast';
export type { ExpressionEnvironment, FunctionSignature } from './environment';
export { STANDARD_ENVIRONMENT, SURFACE_ENVIRONMENT, EXPRESSION_ACTIVATIONS } from './standardEnvironment';
export { closestName, editDistance } from './suggest';

export type ParseExpressionResult = { ok: true; ast: ExprNode } | { ok: false; error: ExpressionError };
export type CompileExpressionResult =
  | { ok: true; fn: (x: Tensor) => Tensor; usesNames: string[] }
  | { ok: false; error: ExpressionError };

/** Parses an activation expression in x against the built-ins and the activation registry. */
export function parseExpression(src: string): ParseExpressionResult {
  return parseWithEnvironment(src, STANDARD_ENVIRONMENT);
}

/** Parses and compiles an activation expression; never throws for bad input. */
export function compileExpression(src: string): CompileExpressionResult {
  const parsed = parseExpression(src);
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, fn: compileAst(parsed.ast), usesNames: namesUsed(parsed.ast) };
  } catch (e) {
    if (e instanceof ExpressionSyntaxError) return { ok: false, error: toExpressionError(src, e) };
    throw e;
  }
}

export type CompileSurfaceResult =
  | { ok: true; fn: (x: Tensor, y: Tensor) => Tensor; usesNames: string[] }
  | { ok: false; error: ExpressionError };

/** Parses and compiles an expression in x and y (a surface f(x, y)); never throws for bad input. */
export function compileSurfaceExpression(src: string): CompileSurfaceResult {
  const parsed = parseWithEnvironment(src, SURFACE_ENVIRONMENT);
  if (!parsed.ok) return parsed;
  try {
    const f = compileAstOf(parsed.ast, SURFACE_ENVIRONMENT.variables);
    return { ok: true, fn: (x, y) => f([x, y]), usesNames: namesUsed(parsed.ast) };
  } catch (e) {
    if (e instanceof ExpressionSyntaxError) return { ok: false, error: toExpressionError(src, e) };
    throw e;
  }
}
