/**
 * `gradlab plot <name|expression>`: f, f' and f'' on a grid, computed by the engine's autograd exactly
 * as the Plot Activation panel does (same sampler, same chart model, same SVG writer).
 */
import { writeFileSync } from 'node:fs';
import { DEFAULT_VIEW, checkPlotRange, toWire, type CurveSource } from '../../protocol';
import { LIGHT_PALETTE } from '../../charts/chartModel';
import { chartToSvg } from '../../charts/chartSvg';
import { checkExpression, findActivation, isVectorActivation, resolveCurve } from '../../plot/catalog';
import { buildActivationChart } from '../../plot/chartBuild';
import { caretText } from '../../plot/caret';
import { curvesToCsv, csvNumber } from '../../plot/csv';
import { sampleOnGrid } from '../../plot/sample';
import { computeVectorExample, MAX_LOGITS } from '../../plot/vector';
import { separateValue } from '../args';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand, type CliIO } from '../command';

const USAGE = `Usage: gradlab plot <name|expression> [--from A] [--to B] [--points N] [--param k=v ...]
                    [--json | --csv] [--svg FILE]
       gradlab plot softmax|log_softmax [--logits 2,1,0.1] [--temperature T] [--json]

Samples an activation (a registry name, see \`gradlab activations\`) or an expression in x such as
"x * sigmoid(1.702 * x)" on N points from A to B (defaults ${DEFAULT_VIEW.xMin}, ${DEFAULT_VIEW.xMax}, ${DEFAULT_VIEW.points}) and prints
x, f(x), f'(x), f''(x), all from the engine's autograd (f'' by double backward).
  --param k=v   a parameter of the activation, e.g. --param negative_slope=0.2 (repeatable)
  --json        one object {"name", "label", "params", "from", "to", "points", "x", "f", "df", "d2f"};
                NaN and infinities as the strings "NaN", "Infinity", "-Infinity"
  --csv         CSV with a header: x,<label> f,<label> f',<label> f''
  --svg FILE    also write the chart (f, f' and f'' with saturation shading) as SVG
Softmax and log-softmax are vector-valued: they print the outputs of f(logits / T) and the
Jacobian d f_i / d logit_j instead.`;

export interface PlotArgs {
  readonly target: string;
  readonly from: number;
  readonly to: number;
  readonly points: number;
  readonly params: Readonly<Record<string, number>>;
  readonly format: 'table' | 'json' | 'csv';
  readonly svg?: string;
  readonly logits?: readonly number[];
  readonly temperature?: number;
}

function number(flag: string, text: string | undefined): number {
  if (text === undefined || text.trim() === '') throw new UsageError(`${flag} needs a number`);
  const v = Number(text);
  if (!Number.isFinite(v)) throw new UsageError(`${flag}: '${text}' is not a finite number`);
  return v;
}

/** Parses the arguments; every malformed or absurd value is a UsageError naming it. */
export function parsePlotArgs(args: readonly string[]): PlotArgs {
  let target: string | undefined;
  let from = DEFAULT_VIEW.xMin, to = DEFAULT_VIEW.xMax, points = DEFAULT_VIEW.points;
  const params: Record<string, number> = {};
  let json = false, csv = false;
  let svg: string | undefined, logits: number[] | undefined, temperature: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    // --opt=value as well as --opt value (for --param, the first '=' separates the option, as in --param=k=v).
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? separateValue(flag, args[++i]);
    switch (flag) {
      case '--from': from = number('--from', value()); break;
      case '--to': to = number('--to', value()); break;
      case '--points': {
        const text = value();
        points = number('--points', text);
        if (!Number.isInteger(points)) throw new UsageError(`--points: '${text}' is not a whole number`);
        break;
      }
      case '--param': {
        const kv = value();
        const m = kv === undefined ? null : /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(kv);
        if (!m) throw new UsageError(`--param needs name=value, got '${kv ?? ''}'`);
        params[m[1]] = number(`--param ${m[1]}`, m[2]);
        break;
      }
      case '--json': json = true; break;
      case '--csv': csv = true; break;
      case '--svg': svg = value(); if (!svg) throw new UsageError('--svg needs a FILE'); break;
      case '--logits': {
        const text = value() ?? '';
        logits = text.split(',').map((s) => number('--logits', s));
        if (logits.length < 2 || logits.length > MAX_LOGITS) throw new UsageError(`--logits needs 2 to ${MAX_LOGITS} comma-separated numbers`);
        break;
      }
      case '--temperature':
        temperature = number('--temperature', value());
        if (!(temperature > 0)) throw new UsageError('--temperature must be positive');
        break;
      default:
        // Options start with '--'; a single '-' starts an expression ("-x * sigmoid(x)").
        if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
        if (target !== undefined) throw new UsageError(`give one activation or expression (got '${target}' and '${a}'); quote expressions with spaces`);
        target = a;
    }
  }
  if (target === undefined) throw new UsageError('give an activation name or an expression in x');
  if (json && csv) throw new UsageError('choose one of --json and --csv');
  const refused = checkPlotRange(from, to, points);
  if (refused) throw new UsageError(refused);
  return { target, from, to, points, params, format: json ? 'json' : csv ? 'csv' : 'table', svg, logits, temperature };
}

/** A registry name (or alias) is a builtin; anything else is read as an expression. */
export function sourceOf(target: string): CurveSource {
  return findActivation(target) ? { kind: 'builtin', name: findActivation(target)!.name } : { kind: 'expression', source: target };
}

function runVector(args: PlotArgs, name: string, io: CliIO): number {
  const logits = args.logits ?? [2, 1, 0.1, -1];
  const temperature = args.temperature ?? 1;
  const { outputs, jacobian } = computeVectorExample({ name, logits, temperature });
  const n = logits.length;
  if (args.format === 'json') {
    io.out(JSON.stringify({ name, logits, temperature, outputs: toWire(outputs), jacobian: toWire(jacobian), shape: [n, n] }));
    return EXIT_OK;
  }
  io.out(`${name}(logits / ${temperature}) with logits ${logits.join(', ')}`);
  io.out(`outputs: ${Array.from(outputs, (v) => csvNumber(v)).join(', ')}`);
  io.out(`Jacobian d ${name}_i / d logit_j (row i):`);
  for (let i = 0; i < n; i++) io.out('  ' + Array.from(jacobian.subarray(i * n, i * n + n), (v) => v.toExponential(6).padStart(14)).join(' '));
  return EXIT_OK;
}

export const plotCommand: CliCommand = {
  name: 'plot',
  summary: "sample an activation or expression: x, f, f', f'' (table, JSON, CSV, SVG)",
  usage: USAGE,
  async run(argv, io) {
    const args = parsePlotArgs(argv);
    const source = sourceOf(args.target);
    const spec = source.kind === 'builtin' ? findActivation(source.name)! : undefined;
    if (spec) {
      for (const k of Object.keys(args.params)) {
        if (!spec.params.some((p) => p.name === k)) {
          throw new UsageError(`${spec.name} has no parameter '${k}' (parameters: ${spec.params.map((p) => p.name).join(', ') || 'none'})`);
        }
      }
      if (isVectorActivation(spec)) return runVector(args, spec.name, io);
    } else {
      if (Object.keys(args.params).length) throw new UsageError('--param applies to registry activations, not expressions');
      const check = checkExpression(args.target);
      if (!check.ok) {
        io.err(`gradlab plot: ${check.message}\n${caretText(args.target, check.start, check.end)}`);
        return EXIT_FAILURE;
      }
    }
    const resolved = resolveCurve(source, args.params);
    if (!resolved.ok) throw new Error(resolved.error);
    const v = sampleOnGrid(resolved.apply, args.from, args.to, args.points);
    if (args.svg) {
      const view = { ...DEFAULT_VIEW, xMin: args.from, xMax: args.to, points: args.points, show: { f: true, df: true, d2f: true } };
      const { model } = buildActivationChart([{ id: 'c1', label: resolved.label, color: 0, values: v }], view, { x: 'x', y: "f(x), f'(x), f''(x)" });
      writeFileSync(args.svg, chartToSvg({ ...model, title: resolved.label }, LIGHT_PALETTE, { width: 800, height: 480 }));
      io.err(`wrote ${args.svg}`);
    }
    const params = spec ? Object.fromEntries(spec.params.map((p) => [p.name, args.params[p.name] ?? p.default])) : {};
    if (args.format === 'json') {
      io.out(JSON.stringify({ name: args.target, label: resolved.label, params, from: args.from, to: args.to, points: args.points, x: toWire(v.x), f: toWire(v.f), df: toWire(v.df), d2f: toWire(v.d2f) }));
    } else if (args.format === 'csv') {
      io.out(curvesToCsv(v.x, [{ label: resolved.label, ...v }]));
    } else if (!args.svg) {
      const rows = ['x\tf\tdf\td2f'];
      for (let i = 0; i < v.x.length; i++) rows.push([v.x[i], v.f[i], v.df[i], v.d2f[i]].map(csvNumber).join('\t'));
      io.out(rows.join('\n'));
    }
    return EXIT_OK;
  },
};
