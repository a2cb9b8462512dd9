/**
 * Checking a *.gradlab.json text end to end: syntax, then the schema, then the semantic checks,
 * each stage only when the previous one passed (a cascade of follow-on errors helps nobody). The
 * result is either a TrainingConfig or the problems, never an exception.
 */
import { getNodeValue } from 'jsonc-parser';
import { msg, problem, type Problem } from './problems';
import { normalizeConfig, normalizeDataConfig, resolveWidths } from './normalize';
import { schemaProblems } from './schemaErrors';
import { configMemoryEstimate, semanticProblems } from './semantic';
import { parseConfigText } from './syntax';
import type { TrainingConfig } from './types';
import type { MemoryEstimate } from './memory';

export * from './types';
export * from './problems';
export { MEMORY_LIMIT_BYTES, estimateMemory, formatBytes, type MemoryEstimate } from './memory';
export { activationOps } from './activationChecks';
export { SCHEMA, allowedText } from './schemaErrors';

export interface CheckResult {
  /** Present when there are no errors (warnings allowed). */
  readonly config?: TrainingConfig;
  readonly problems: readonly Problem[];
}

/** Problems listed per file; a hostile file can have tens of thousands, which no one reads. */
export const MAX_PROBLEMS = 100;

export interface CheckOptions {
  /** The most memory a run may take; MEMORY_LIMIT_BYTES when not given. */
  readonly memoryLimitBytes?: number;
}

export function checkConfig(text: string, options: CheckOptions = {}): CheckResult {
  try {
    const result = checkStages(text, options);
    return result.problems.length > MAX_PROBLEMS ? { ...result, problems: capProblems(result.problems) } : result;
  } catch (e) {
    // A bug in a check must not take the editor or the CLI down: report it where it can be seen.
    const message = e instanceof Error ? e.message : String(e);
    return { problems: [problem(0, 0, 'schema', msg('internal error while checking this file: {0}', message))] };
  }
}

function checkStages(text: string, options: CheckOptions): CheckResult {
  const syntax = parseConfigText(text);
  if (!syntax.root || syntax.problems.some((p) => p.severity === 'error')) return { problems: syntax.problems };
  const value = getNodeValue(syntax.root) as unknown;
  const schema = schemaProblems(value, syntax.root);
  if (schema.length > 0) return { problems: schema };
  const data = normalizeDataConfig(value);
  const semantic = semanticProblems({ text, tree: syntax.root, value: value as Record<string, unknown>, data, memoryLimitBytes: options.memoryLimitBytes });
  if (hasErrors(semantic)) return { problems: semantic };
  return { config: normalizeConfig(value), problems: semantic };
}

/** The first MAX_PROBLEMS problems, then one that counts the rest, at the first one left out. */
function capProblems(problems: readonly Problem[]): Problem[] {
  const kept = problems.slice(0, MAX_PROBLEMS);
  const rest = problems.slice(MAX_PROBLEMS);
  const next = rest[0];
  const severity = hasErrors(rest) ? 'error' : 'warning';
  kept.push(problem(next.start, next.end, 'too-many', msg('and {0} more problems like these, not listed: fix the ones above first', rest.length.toLocaleString('en-US')), { severity }));
  return kept;
}

/** The memory a valid config's run would take, as the checks estimate it (undefined if it does not check). */
export function estimateConfigMemory(text: string): MemoryEstimate | undefined {
  const syntax = parseConfigText(text);
  if (!syntax.root || !checkConfig(text, { memoryLimitBytes: Infinity }).config) return undefined;
  const value = getNodeValue(syntax.root) as Record<string, unknown>;
  const data = normalizeDataConfig(value);
  const widths = resolveWidths(value.model as Record<string, unknown>, data);
  return widths ? configMemoryEstimate(value, data, widths) : undefined;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}
