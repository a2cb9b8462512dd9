/**
 * `gradlab depth`: the depth explorer's numbers from the command line, computed by the same function
 * the panel's worker runs (analyzeDepth), so for the same settings and seed the two agree exactly.
 */
import { findActivation } from '../../engine';
import { analyzeDepth } from '../../analysis/depth/analysis';
import { backwardLayerRate } from '../../analysis/depth/fit';
import { findDepthPreset, DEPTH_PRESETS } from '../../analysis/depth/presets';
import { toDepthCsv, toDepthReport, type DepthReport } from '../../analysis/depth/report';
import {
  CUSTOM_ACTIVATION,
  DEFAULT_DEPTH_SETTINGS,
  DepthInputError,
  INPUT_DISTRIBUTIONS,
  normalizeDepthSettings,
  type DepthSettings,
  type InputDistribution,
} from '../../analysis/depth/settings';
import type { DepthAnalysis } from '../../analysis/depth/types';
import { separateValue } from '../args';
import { estimateDepthMemory } from '../../analysis/depth/memory';
import { formatBytes, MEMORY_LIMIT_BYTES } from '../../training/config';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand, type CliIO } from '../command';

const D = DEFAULT_DEPTH_SETTINGS;
const USAGE = `Usage: gradlab depth [--activation A] [--init I] [--gain G] [--depth L] [--width W] [--batch B]
                     [--seed S] [--batchnorm] [--residual] [--clip-value M | --clip-norm N]
                     [--weight-std S] [--bias-std S] [--input normal|uniform|sign] [--preset ID]
                     [--memory-limit MB] [--json | --csv]

Builds a random MLP (L hidden layers of width W, inputs of width W, a linear readout to one output),
runs one forward and backward pass of the engine on a seeded batch of B inputs (MSE against a fixed
random teacher), and prints each layer's measured gradient norms beside the mean-field theory's
prediction (Poole et al. 2016, Schoenholz et al. 2017).
  --activation A  a registry name (see \`gradlab activations\`) or an expression in x   [${D.activation}]
  --init I        torch.nn.init initializer: xavier (= xavier_normal_), he (= kaiming_normal_,
                  std sqrt(2/fan_in)), xavier_uniform, kaiming_uniform, lecun, orthogonal,
                  uniform, normal                                                       [xavier]
  --gain G        multiplies the initializer's std                                      [${D.gain}]
  --weight-std S  std of the "normal" initializer (before the gain)                     [${D.weightStd}]
  --bias-std S    biases ~ N(0, S²)                                                     [${D.biasStd}]
  --depth L (1-200) [${D.depth}]   --width W (2-256) [${D.width}]   --batch B (1-256) [${D.batchSize}]   --seed S [${D.seed}]
  --input         input distribution, each with unit variance                           [${D.input}]
  --batchnorm     BatchNorm1d before every activation
  --residual      skip connections: x^l = x^(l-1) + phi(h^l)
  --clip-value M  also report what clip_grad_value_(M) does to these gradients
  --clip-norm N   also report what clip_grad_norm_(max_norm=N) does
  --memory-limit MB  refuse settings whose estimated memory is larger             [${MEMORY_LIMIT_BYTES / 1e6}]
  --preset ID     start from a preset: ${DEPTH_PRESETS.map((p) => p.id).join(', ')}
  --json          one object: {"layers": [{"index", "grad_norm", "weight_grad_norm", "mean_abs_dphi",
                  "chi", "theory_grad_norm"}], "chi_fixed_point", "depth_scale", "regime", ...};
                  layers run from the input side (index 1); values that are not finite are null
  --csv           every per-layer number, one row per layer`;

function parseNumber(flag: string, text: string | undefined): number {
  if (text === undefined || text.trim() === '') throw new UsageError(`${flag} needs a number`);
  const v = Number(text);
  if (!Number.isFinite(v)) throw new UsageError(`${flag}: '${text}' is not a finite number`);
  return v;
}

export interface DepthArgs {
  readonly settings: DepthSettings;
  readonly format: 'table' | 'json' | 'csv';
  readonly memoryLimitBytes: number;
}

/** Parses the arguments into checked settings; every malformed value is a UsageError naming it. */
export function parseDepthArgs(args: readonly string[]): DepthArgs {
  const patch: { -readonly [K in keyof DepthSettings]?: DepthSettings[K] } = {};
  let base = DEFAULT_DEPTH_SETTINGS;
  let json = false, csv = false;
  let memoryLimitBytes = MEMORY_LIMIT_BYTES;
  const numeric: Record<string, keyof DepthSettings> = {
    '--gain': 'gain', '--depth': 'depth', '--width': 'width', '--batch': 'batchSize', '--seed': 'seed',
    '--weight-std': 'weightStd', '--bias-std': 'biasStd', '--clip-value': 'clipValue', '--clip-norm': 'clipNorm',
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const value = () => (eq > 0 ? a.slice(eq + 1) : separateValue(flag, args[++i]));
    if (flag in numeric) {
      (patch as Record<string, number>)[numeric[flag]] = parseNumber(flag, value());
      if (flag === '--clip-value' || flag === '--clip-norm') {
        const mode = flag === '--clip-value' ? 'value' : 'norm';
        if (patch.clip !== undefined && patch.clip !== mode) throw new UsageError('choose one of --clip-value and --clip-norm');
        patch.clip = mode;
      }
      continue;
    }
    switch (flag) {
      case '--activation': {
        const text = value();
        if (!text) throw new UsageError('--activation needs a name or an expression');
        const spec = findActivation(text);
        if (spec) patch.activation = spec.name;
        else Object.assign(patch, { activation: CUSTOM_ACTIVATION, expression: text });
        break;
      }
      case '--init': {
        const text = value();
        if (!text) throw new UsageError('--init needs an initializer name');
        patch.init = text;
        break;
      }
      case '--input': {
        const text = value() as InputDistribution;
        if (!INPUT_DISTRIBUTIONS.includes(text)) throw new UsageError(`--input must be one of ${INPUT_DISTRIBUTIONS.join(', ')}`);
        patch.input = text;
        break;
      }
      case '--preset': {
        const preset = findDepthPreset(value() ?? '');
        if (!preset) throw new UsageError(`--preset must be one of ${DEPTH_PRESETS.map((p) => p.id).join(', ')}`);
        base = preset.settings;
        break;
      }
      case '--memory-limit': {
        const mb = parseNumber('--memory-limit', value());
        if (!(mb > 0)) throw new UsageError('--memory-limit must be a positive number of MB');
        memoryLimitBytes = mb * 1e6;
        break;
      }
      case '--batchnorm': patch.batchNorm = true; break;
      case '--residual': patch.residual = true; break;
      case '--json': json = true; break;
      case '--csv': csv = true; break;
      default: throw new UsageError(`unknown option ${a}`);
    }
  }
  if (json && csv) throw new UsageError('choose one of --json and --csv');
  const { settings, problems } = normalizeDepthSettings(patch, base);
  if (problems.length > 0) throw new UsageError(problems.map((p) => p.message.replace(/^(\w+)/, (k) => optionName(k))).join('; '));
  return { settings, format: json ? 'json' : csv ? 'csv' : 'table', memoryLimitBytes };
}

function optionName(key: string): string {
  const names: Record<string, string> = { batchSize: '--batch', weightStd: '--weight-std', biasStd: '--bias-std', clipValue: '--clip-value', clipNorm: '--clip-norm' };
  return names[key] ?? `--${key}`;
}

const num = (v: number | null, digits = 4) => (v === null ? 'null' : Number.isFinite(v) ? v.toPrecision(digits) : String(v));

function printTable(a: DepthAnalysis, r: DepthReport, io: CliIO): void {
  const s = a.settings;
  const act = s.activation === CUSTOM_ACTIVATION ? `phi(x) = ${s.expression}` : s.activation;
  const extras = [s.batchNorm && 'batch norm', s.residual && 'residual'].filter(Boolean).join(', ');
  io.out(`${act}, ${s.init} (gain ${s.gain}${s.init === 'normal' ? `, std ${s.weightStd}` : ''}), depth ${s.depth}, width ${s.width}, batch ${s.batchSize}, seed ${s.seed}${extras ? `, ${extras}` : ''}`);
  io.out(`sigma_w = ${num(a.theory.sigmaW)}, sigma_b = ${num(a.theory.sigmaB)}, theory: ${r.theory}`);
  io.out(`chi at the fixed point = ${num(r.chi_fixed_point, 6)} (${r.regime}), depth scale -1/ln(chi) = ${r.depth_scale === null ? 'infinite' : num(r.depth_scale)} layers`);
  io.out(`per-layer factor ||delta^l|| / ||delta^(l+1)||: measured ${num(backwardLayerRate(a.layers.map((l) => l.gradNorm)))}, theory ${num(Math.sqrt(a.theory.effectiveChi))}`);
  if (r.overflow) {
    io.out(r.overflow.forward_layer !== null ? `overflow from layer ${r.overflow.forward_layer}` : `gradient overflow at layer ${r.overflow.backward_layer}`);
  }
  io.out('');
  io.out(['layer', 'grad_norm', 'weight_grad_norm', "mean|phi'|", 'chi', 'theory_grad_norm'].map((h, i) => (i === 0 ? h.padStart(5) : h.padStart(17))).join(''));
  for (const l of r.layers) {
    io.out(String(l.index).padStart(5) + [l.grad_norm, l.weight_grad_norm, l.mean_abs_dphi, l.chi, l.theory_grad_norm].map((v) => num(v, 6).padStart(17)).join(''));
  }
  if (r.clipping) {
    const c = r.clipping;
    io.out('');
    io.out(`clip by ${c.mode} (${c.mode === 'value' ? 'M' : 'max_norm'} = ${c.threshold}): total norm ${num(c.total_norm)} -> ${num(c.total_norm_after)}, ` +
      `coefficient ${c.coefficient === null ? '-' : num(c.coefficient)}, ${num(c.fraction_clipped === null ? null : 100 * c.fraction_clipped)} % of coordinates clipped, ` +
      `angle ${num(c.angle_degrees)} degrees`);
  }
}

export const depthCommand: CliCommand = {
  name: 'depth',
  summary: 'per-layer gradient norms of a deep random network against mean-field theory; clipping',
  usage: USAGE,
  async run(argv, io) {
    const { settings, format, memoryLimitBytes } = parseDepthArgs(argv);
    const estimate = estimateDepthMemory(settings);
    if (estimate > memoryLimitBytes) {
      throw new UsageError(`these settings would need about ${formatBytes(estimate)} of memory, more than the limit of ${formatBytes(memoryLimitBytes)}: ` +
        'use a smaller depth, width or batch, or raise --memory-limit');
    }
    let analysis: DepthAnalysis;
    try {
      analysis = analyzeDepth(settings);
    } catch (e) {
      if (e instanceof DepthInputError) throw new UsageError(e.message);
      throw e;
    }
    const report = toDepthReport(analysis);
    if (format === 'json') io.out(JSON.stringify(report));
    else if (format === 'csv') io.out(toDepthCsv(analysis).trimEnd());
    else printTable(analysis, report, io);
    if (report.overflow && format !== 'table') {
      io.err(report.overflow.forward_layer !== null ? `overflow from layer ${report.overflow.forward_layer}` : `gradient overflow at layer ${report.overflow.backward_layer}`);
    }
    return report.overflow ? EXIT_FAILURE : EXIT_OK;
  },
};
