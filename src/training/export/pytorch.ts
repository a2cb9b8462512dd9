/**
 * `gradlab export-pytorch`: a standalone PyTorch script generated from the same normalized config
 * the trainer runs: same model (the engine's MLP definition), initialization, optimizer, loss,
 * clipping, batches and record cadence, printing the same JSON lines as `gradlab train --json`.
 * With the state file (--with-weights) it also starts from our exact weights, data and order.
 */
import { findActivation } from '../../engine';
import { checkConfig, formatProblem, hasErrors, type TrainingConfig } from '../config';
import type { InitConfig } from '../config/types';
import { engineHead, layerNames } from '../trainer/model';
import { plannedSteps } from '../trainer/schedule';
import { expressionToTorch, pyNum, pyStr, torchActivationCall } from './torchActivation';
import { PYTORCH_RUNTIME } from './pytorchRuntime';

export interface ExportOptions {
  /** The config file, named in the script's docstring. */
  readonly configPath: string;
  /** File name of the state file beside the script (when exported with weights). */
  readonly stateFile?: string;
  /** Cap on steps the state file was written for (the CLI's --steps). */
  readonly maxSteps?: number;
}

const pyBool = (b: boolean) => (b ? 'True' : 'False');

/** A seed as the non-negative integer torch.manual_seed takes: the number itself, or a hash of text. */
export function seedInteger(seed: number | string): number {
  if (typeof seed === 'number') return seed % 2 ** 53;
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function activationSource(config: TrainingConfig): string {
  const a = config.model.activation;
  if (a.kind === 'expression') return expressionToTorch(a.expression, 'u');
  const spec = findActivation(a.name);
  if (!spec) throw new Error(`unknown activation ${a.name}`);
  const params: Record<string, number> = {};
  for (const [k, v] of Object.entries(a.params)) if (typeof v === 'number') params[k] = v;
  return torchActivationCall(spec, 'u', params);
}

function weightInit(init: InitConfig, gain: number): string[] {
  const g = pyNum(gain);
  const w = 'linear.weight';
  switch (init.name) {
    case 'uniform':
      return init.low !== undefined || init.high !== undefined
        ? [`nn.init.uniform_(${w}, ${pyNum(init.low ?? 0)} * ${g}, ${pyNum(init.high ?? 1)} * ${g})`]
        : [`bound = 1 / math.sqrt(fan_in)`, `nn.init.uniform_(${w}, -bound * ${g}, bound * ${g})`];
    case 'normal': return [`nn.init.normal_(${w}, 0.0, ${pyNum(init.std ?? 1)} * ${g})`];
    case 'xavier_uniform': return [`nn.init.xavier_uniform_(${w}, gain=${g})`];
    case 'xavier_normal': return [`nn.init.xavier_normal_(${w}, gain=${g})`];
    case 'kaiming_uniform':
    case 'kaiming_normal':
      return [
        `nn.init.${init.name}_(${w}, a=0, mode=${pyStr(init.mode ?? 'fan_in')}, nonlinearity=${pyStr(init.nonlinearity ?? 'relu')})`,
        `${w}.mul_(${g})`,
      ];
    case 'lecun_normal': return [`nn.init.normal_(${w}, 0.0, ${g} / math.sqrt(fan_in))`];
    case 'orthogonal': return [`nn.init.orthogonal_(${w}, gain=${g})`];
    case 'zeros': return [`nn.init.zeros_(${w})`];
  }
}

function optimizerSource(config: TrainingConfig): string {
  const { name, lr, options } = config.optimizer;
  const cls = name === 'sgd' ? 'SGD' : name === 'adam' ? 'Adam' : 'RMSprop';
  const kwargs = [`lr=${pyNum(lr)}`];
  for (const [k, v] of Object.entries(options)) {
    const key = k === 'weightDecay' ? 'weight_decay' : k;
    const value = typeof v === 'boolean' ? pyBool(v) : Array.isArray(v) ? `(${v.map(pyNum).join(', ')})` : pyNum(v as number);
    kwargs.push(`${key}=${value}`);
  }
  return `torch.optim.${cls}(params, ${kwargs.join(', ')})`;
}

/** The output head as the engine applies it (see engineHead in trainer/model.ts). */
function headSource(config: TrainingConfig): string {
  switch (engineHead(config)) {
    case 'identity': return 'z';
    case 'log_softmax': return 'F.log_softmax(z, dim=1)';
    case 'softmax': return 'torch.softmax(z, dim=1)';
    case 'sigmoid': return 'torch.sigmoid(z)';
  }
}

function lossSource(config: TrainingConfig): string {
  if (config.loss === 'mse') return 'F.mse_loss(out, F.one_hot(y, WIDTHS[-1]).double())';
  return config.model.head === 'softmax' ? 'F.nll_loss(out, y)' : 'F.cross_entropy(out, y)';
}

function clipSource(config: TrainingConfig): string[] {
  const c = config.clip;
  if (c.mode === 'norm') {
    return [
      `total = torch.nn.utils.clip_grad_norm_(params, ${pyNum(c.maxNorm)}, norm_type=NORM_TYPE)`,
      `return ${pyNum(c.maxNorm)} / (float(total) + 1e-6) < 1`,
    ];
  }
  if (c.mode === 'value') {
    return [
      `clipped = any(bool((p.grad.abs() > ${pyNum(c.value)}).any()) for p in params if p.grad is not None)`,
      `torch.nn.utils.clip_grad_value_(params, ${pyNum(c.value)})`,
      'return clipped',
    ];
  }
  return ['return False'];
}

/**
 * Text safe in Python source and on any terminal: control characters (NUL cannot appear in Python
 * source at all) and unpaired UTF-16 surrogates (which Python cannot print) become U+FFFD.
 */
export function printableText(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this escapes
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

export function generatePytorchScript(raw: TrainingConfig, options: ExportOptions): string {
  const config: TrainingConfig = raw.name === undefined ? raw : { ...raw, name: printableText(raw.name) };
  const m = config.model;
  const normType = config.clip.mode === 'norm' ? config.clip.normType : 2;
  const steps = Math.min(plannedSteps(config), options.maxSteps ?? Infinity);
  const title = config.name ?? printableText(options.configPath);
  const indent = (lines: string[], n: number) => lines.map((l) => ' '.repeat(n) + l).join('\n');
  return `#!/usr/bin/env python3
"""${title.replace(/"""/g, "'''").replace(/\\/g, '/')}

Generated by Gradient Lab (gradlab export-pytorch) from ${printableText(options.configPath).replace(/\\/g, '/').replace(/"""/g, '')}.
Trains the same model as \`gradlab train --json\` and prints the same JSON lines: one object per
recorded step, then {"summary": ...}. ${options.stateFile
    ? `It starts from the weights, data and sample order in ${options.stateFile}
(written beside it by --with-weights), so its first-step gradient norms can be compared with ours.`
    : `Without a state file it draws its own initial weights, data and order from torch's RNG:
the same recipe as ours, with different random numbers.`}
Usage: python3 this_script.py [--steps N] [--state STATE_FILE]
"""
import argparse
import json
import math
import os
import struct
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

DESCRIPTION = ${pyStr(`Gradient Lab experiment: ${title}`)}
CONFIG = json.loads(${pyStr(JSON.stringify(config))})
SEED_INT = ${seedInteger(config.seed)}
DATA = json.loads(${pyStr(JSON.stringify(config.data))})
WIDTHS = [${m.widths.join(', ')}]
NAMES = [${layerNames(m.widths).map(pyStr).join(', ')}]
BATCH_NORM = ${pyBool(m.batchNorm)}
RESIDUAL = ${pyBool(m.residual)}
BATCH_SIZE = ${config.batchSize}
SHUFFLE = ${pyBool(config.shuffle)}
PLANNED_STEPS = ${steps}
RECORD_EVERY = ${config.record.every}
TEST_EVERY = ${config.record.testEvery}
CLIP_MODE = ${pyStr(config.clip.mode)}
NORM_TYPE = ${normType === 'inf' ? "float('inf')" : pyNum(normType)}
STATE_FILE = ${options.stateFile ? pyStr(options.stateFile) : 'None'}


def activation(u):
    return ${activationSource(config)}


def initialize(model, state):
    with torch.no_grad():
        if state is not None:
            tensors = state[1]
            for k, linear in enumerate(model.linears):
                linear.weight.copy_(tensors[f"layers.{k}.weight"])
                linear.bias.copy_(tensors[f"layers.{k}.bias"])
            return
        for linear in model.linears:
            fan_in = linear.weight.shape[1]
${indent(weightInit(m.init, m.gain), 12)}
${indent(m.biasInit === 'uniform' ? ['nn.init.uniform_(linear.bias, -1 / math.sqrt(fan_in), 1 / math.sqrt(fan_in))'] : ['nn.init.zeros_(linear.bias)'], 12)}


def make_optimizer(params):
    return ${optimizerSource(config)}


def output_head(z):
    return ${headSource(config)}


def loss_fn(out, y):
    return ${lossSource(config)}


def clip(params):
${indent(clipSource(config), 4)}

${PYTORCH_RUNTIME}`;
}

/** The script for a config's text; throws with `file:line:column: message` when it is invalid. */
export function exportPytorchScript(text: string, configPath: string, options: Omit<ExportOptions, 'configPath'> = {}): string {
  const { config, problems } = checkConfig(text);
  const first = problems.find((p) => p.severity === 'error');
  if (!config || hasErrors(problems)) throw new Error(first ? formatProblem(configPath, text, first) : 'invalid config');
  return generatePytorchScript(config, { configPath, ...options });
}
