/**
 * `gradlab landscape`: f, ∇f and the directional derivative at a point of a surface, and the path an
 * optimizer takes from it — torch.optim's rules in float64, with the point as one parameter of shape [2].
 */
import { parseArgs } from '../args';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand, type CliIO } from '../command';
import { caretText } from '../../plot/caret';
import { directional, valueAndGradient } from '../../landscape/calculus';
import {
  DEFAULT_MOMENTUM, DESCENT_OPTIMIZERS, MAX_STEPS, descend, isDescentOptimizer, type Clipping, type DescentOptimizer,
} from '../../landscape/descent';
import { CONDITION_RANGE, DEFAULT_CONDITION, SURFACE_NAMES, resolveSurface, surfaceSpecOf } from '../../landscape/surfaces';

const USAGE = `Usage: gradlab landscape --function NAME|EXPR [--condition K] --start X,Y [--direction DX,DY]
                         [--optimizer ${DESCENT_OPTIMIZERS.join('|')}] [--lr F] [--momentum F]
                         [--steps N] [--clip-norm F | --clip-value F] [--json]

NAME is one of ${SURFACE_NAMES.join(', ')}; EXPR an expression in x and y, e.g. "x^2 + 3*y^2".
Prints f(start), the gradient ∇f (by autograd) and, with --direction, the directional derivative
∇f·u along the unit vector u of DX,DY; then the optimizer's path: the start and the point after each step.
  --condition K   k of the quadratic bowl ½(k x² + y²) (default ${DEFAULT_CONDITION}, ${CONDITION_RANGE[0]} to ${CONDITION_RANGE[1]})
  --optimizer     sgd (default), momentum (SGD with momentum), nesterov (SGD, nesterov=True), adam, rmsprop;
                  exactly torch.optim in float64, Adam and RMSprop with PyTorch's defaults except lr
  --lr F          learning rate (default: one that suits the surface)
  --momentum F    for momentum and nesterov (default ${DEFAULT_MOMENTUM})
  --steps N       optimizer steps (default 100; 0 for just the point)
  --clip-norm F   clip_grad_norm_(max_norm=F) before each step
  --clip-value F  clip_grad_value_(clip_value=F) before each step
  --json          one object: {"function", "start", "value", "gradient", "directional_derivative",
                  "path": [[x, y, f], ...], "optimizer", "lr", "momentum", "steps", "clipping", "diverged_at_step"}
A path that reaches a non-finite point stops before it (diverged_at_step says which step); exit code 1.`;

function finite(flag: string, text: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw new UsageError(`${flag}: '${text}' is not a finite number`);
  return v;
}

function pair(flag: string, text: string): [number, number] {
  const parts = text.split(',');
  if (parts.length !== 2) throw new UsageError(`${flag} needs two numbers as X,Y, got '${text}'`);
  return [finite(flag, parts[0]), finite(flag, parts[1])];
}

export interface LandscapeArgs {
  readonly fn: string;
  readonly condition?: number;
  readonly start: [number, number];
  readonly direction?: [number, number];
  readonly optimizer: DescentOptimizer;
  readonly lr?: number;
  readonly momentum: number;
  readonly steps: number;
  readonly clipping: Clipping;
  readonly json: boolean;
}

export function parseLandscapeArgs(argv: readonly string[]): LandscapeArgs {
  const a = parseArgs(argv, ['--json'], [
    '--function', '--condition', '--start', '--direction', '--optimizer', '--lr', '--momentum', '--steps', '--clip-norm', '--clip-value',
  ]);
  if (a.positional.length > 0) throw new UsageError(`unexpected argument '${a.positional[0]}' (give the surface with --function; quote expressions)`);
  const fn = a.values.get('--function');
  if (fn === undefined || fn.trim() === '') throw new UsageError('--function NAME|EXPR is required');
  const startText = a.values.get('--start');
  if (startText === undefined) throw new UsageError('--start X,Y is required');
  const start = pair('--start', startText);
  const directionText = a.values.get('--direction');
  const direction = directionText === undefined ? undefined : pair('--direction', directionText);
  if (direction && direction[0] === 0 && direction[1] === 0) throw new UsageError('--direction must not be 0,0');
  const optimizer = (a.values.get('--optimizer') ?? 'sgd').toLowerCase();
  if (!isDescentOptimizer(optimizer)) throw new UsageError(`--optimizer must be one of ${DESCENT_OPTIMIZERS.join(', ')}, got '${optimizer}'`);
  const num = (flag: string) => (a.values.has(flag) ? finite(flag, a.values.get(flag)!) : undefined);
  const lr = num('--lr');
  if (lr !== undefined && lr < 0) throw new UsageError('--lr must not be negative');
  const momentum = num('--momentum') ?? DEFAULT_MOMENTUM;
  if (momentum < 0) throw new UsageError('--momentum must not be negative');
  const stepsText = a.values.get('--steps');
  const steps = stepsText === undefined ? 100 : Number(stepsText);
  if (!Number.isInteger(steps) || steps < 0 || steps > MAX_STEPS) throw new UsageError(`--steps must be a whole number from 0 to ${MAX_STEPS}, got ${stepsText}`);
  const clipNorm = num('--clip-norm');
  const clipValue = num('--clip-value');
  if (clipNorm !== undefined && clipValue !== undefined) throw new UsageError('choose one of --clip-norm and --clip-value');
  if (clipNorm !== undefined && !(clipNorm > 0)) throw new UsageError('--clip-norm must be positive');
  if (clipValue !== undefined && !(clipValue >= 0)) throw new UsageError('--clip-value must not be negative');
  const clipping: Clipping = clipNorm !== undefined ? { kind: 'norm', maxNorm: clipNorm }
    : clipValue !== undefined ? { kind: 'value', clipValue } : { kind: 'none' };
  const condition = num('--condition');
  return { fn, condition, start, direction, optimizer, lr, momentum, steps, clipping, json: a.flags.has('--json') };
}

/** JSON has no NaN or infinities: they travel as strings, like `gradlab plot --json`. */
const wire = (v: number): number | string => (Number.isFinite(v) ? v : String(v));

function runLandscape(args: LandscapeArgs, io: CliIO): number {
  const spec = surfaceSpecOf(args.fn, args.condition);
  if (args.condition !== undefined && !(spec.kind === 'builtin' && spec.name === 'quadratic')) {
    throw new UsageError('--condition applies to the quadratic bowl only');
  }
  let resolved;
  try {
    resolved = resolveSurface(spec);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (!resolved.ok) {
    io.err(`gradlab landscape: ${resolved.error.message}\n${caretText(args.fn, resolved.error.start, resolved.error.end)}`);
    return EXIT_FAILURE;
  }
  const surface = resolved.surface;
  const at = valueAndGradient(surface, args.start[0], args.start[1]);
  const dd = args.direction ? directional(surface, args.start, args.direction, at) : undefined;
  const adaptive = args.optimizer === 'adam' || args.optimizer === 'rmsprop';
  const lr = args.lr ?? (adaptive ? surface.lr.adaptive : surface.lr.sgd);
  const path = descend(surface, args.start, { optimizer: args.optimizer, lr, momentum: args.momentum, steps: args.steps, clipping: args.clipping });
  if (args.json) {
    io.out(JSON.stringify({
      function: surface.label,
      ...(spec.kind === 'builtin' && spec.name === 'quadratic' ? { condition: args.condition ?? DEFAULT_CONDITION } : {}),
      start: args.start,
      value: wire(at.value),
      gradient: at.gradient.map(wire),
      directional_derivative: dd ? wire(dd.derivative) : null,
      path: path.points,
      optimizer: args.optimizer,
      lr,
      momentum: args.optimizer === 'momentum' || args.optimizer === 'nesterov' ? args.momentum : null,
      steps: args.steps,
      clipping: args.clipping,
      diverged_at_step: path.divergedAtStep,
    }));
  } else {
    const fmt = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(12))) : String(v));
    io.out(`f(x, y) = ${surface.formula}`);
    io.out(`at (${args.start.map(fmt).join(', ')}): f = ${fmt(at.value)}, ∇f = (${at.gradient.map(fmt).join(', ')}), |∇f| = ${fmt(Math.hypot(...at.gradient))}`);
    if (dd) {
      io.out(`along u = (${dd.unit.map(fmt).join(', ')}): D_u f = ∇f·u = ${fmt(dd.derivative)} (finite difference ${fmt(dd.finiteDifference)}), angle to ∇f ${fmt(dd.angleDegrees)}°`);
    }
    const clip = args.clipping.kind === 'norm' ? `, clip_grad_norm_ ${args.clipping.maxNorm}` : args.clipping.kind === 'value' ? `, clip_grad_value_ ${args.clipping.clipValue}` : '';
    io.out(`${args.optimizer}, lr ${lr}${clip}: ${args.steps} steps`);
    io.out('step\tx\ty\tf');
    path.points.forEach((p, i) => io.out([i, ...p.map(fmt)].join('\t')));
  }
  if (path.divergedAtStep !== null) {
    io.err(`gradlab landscape: diverged: step ${path.divergedAtStep} reached a point where f is not finite; the path stops before it`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}

export const landscapeCommand: CliCommand = {
  name: 'landscape',
  summary: 'f, ∇f and the directional derivative on a surface, and an optimizer path (torch.optim in float64)',
  usage: USAGE,
  async run(argv, io) {
    return runLandscape(parseLandscapeArgs(argv), io);
  },
};
