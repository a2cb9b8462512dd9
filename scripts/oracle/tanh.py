#!/usr/bin/python3
"""Correctly rounded tanh of 3,000 doubles, from a 200-bit evaluation with mpmath.

Writes test/fixtures/tanh/tanh.json, against which src/engine/kernels/tanh.test.ts measures the engine's tanh (and
V8's Math.tanh) in ulps. Run with Debian's mpmath (python3-mpmath, which python3-torch brings):

    /usr/bin/python3 scripts/oracle/tanh.py

Each pair is [x, tanh(x)]; Python's repr of a float reads back in JavaScript as the same double.
"""
import json
import os
import random

import mpmath

mpmath.mp.prec = 200
random.seed(20261205)

xs = []
xs += [random.uniform(-1, 1) for _ in range(1200)]  # where a trained network's pre-activations mostly are
xs += [random.uniform(-4, 4) for _ in range(600)]
xs += [random.uniform(-25, 25) for _ in range(300)]
xs += [random.choice([-1, 1]) * 10 ** random.uniform(-20, 1.4) for _ in range(500)]
# Either side of the reduction's seams, where 2|x| = (j + 1/2)·ln 2 and k changes.
for j in range(0, 58):
    seam = (j + 0.5) * float(mpmath.log(2)) / 2
    xs += [seam * (1 + d * 2.0 ** -50) for d in (-3, -1, 0, 1, 3)]
xs += [random.uniform(19, 20) for _ in range(110)]

pairs = [[x, float(mpmath.tanh(mpmath.mpf(x)))] for x in xs]
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures', 'tanh', 'tanh.json')
with open(out, 'w') as f:
    json.dump({
        'generator': {'command': '/usr/bin/python3 scripts/oracle/tanh.py', 'mpmath': mpmath.__version__, 'precision_bits': 200},
        'pairs': pairs,
    }, f, separators=(',', ':'))
    f.write('\n')
print(f'wrote {out}: {len(pairs)} pairs')
