#!/usr/bin/python3
"""Reference optimizer paths on the loss-landscape surfaces, made with PyTorch in float64.

Writes test/fixtures/landscape/landscape.json, which src/landscape/descent.test.ts compares with the
engine (every surface x optimizer x clipping case, to 1e-9 relative). Run with Debian's torch:

    /usr/bin/python3 scripts/oracle/landscape.py

The point (x, y) is one parameter of shape [2]; each step: zero_grad, f(p[0], p[1]).backward(),
optional clip_grad_norm_ / clip_grad_value_, optimizer.step(). A path ends at its first point where
x, y or f is not finite (diverged_at_step names that step); the points before it are kept.
"""
import json
import math
import os

import torch

torch.set_default_dtype(torch.float64)

K = 10.0
SURFACES = {
    # name: (f(x, y), start, lr for sgd/momentum/nesterov, lr for adam/rmsprop); formulas written in the
    # engine's order of operations.
    'quadratic': (lambda x, y: 0.5 * (K * x ** 2 + y ** 2), [-2.5, 2.0], 0.15, 0.1),
    'rosenbrock': (lambda x, y: (1 - x) ** 2 + 100 * (y - x ** 2) ** 2, [-1.5, 2.0], 1e-3, 0.05),
    'himmelblau': (lambda x, y: (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2, [0.0, 0.0], 0.01, 0.1),
    'beale': (lambda x, y: ((1.5 - x + x * y) ** 2 + (2.25 - x + x * y ** 2) ** 2) + (2.625 - x + x * y ** 3) ** 2,
              [1.0, 1.5], 1e-3, 0.05),
    'saddle': (lambda x, y: x ** 2 - y ** 2, [-1.5, 0.01], 0.1, 0.05),
    'sin(x) * cos(y) + 0.1 * (x^2 + y^2)': (lambda x, y: torch.sin(x) * torch.cos(y) + 0.1 * (x ** 2 + y ** 2), [-2.0, 2.0], 0.01, 0.05),
}
OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adam', 'rmsprop']
CLIPPINGS = [{'kind': 'none'}, {'kind': 'norm', 'maxNorm': 1.0}, {'kind': 'value', 'clipValue': 0.5}]
STEPS = 60
MOMENTUM = 0.9


def make_optimizer(name, params, lr):
    if name == 'sgd':
        return torch.optim.SGD(params, lr=lr)
    if name == 'momentum':
        return torch.optim.SGD(params, lr=lr, momentum=MOMENTUM)
    if name == 'nesterov':
        return torch.optim.SGD(params, lr=lr, momentum=MOMENTUM, nesterov=True)
    if name == 'adam':
        return torch.optim.Adam(params, lr=lr)
    if name == 'rmsprop':
        return torch.optim.RMSprop(params, lr=lr)
    raise ValueError(name)


def run(f, start, optimizer, lr, clipping, steps):
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = make_optimizer(optimizer, [p], lr)
    with torch.no_grad():
        points = [[start[0], start[1], f(p[0], p[1]).item()]]
    diverged = None
    for step in range(1, steps + 1):
        opt.zero_grad()
        f(p[0], p[1]).backward()
        if clipping['kind'] == 'norm':
            torch.nn.utils.clip_grad_norm_([p], clipping['maxNorm'])
        elif clipping['kind'] == 'value':
            torch.nn.utils.clip_grad_value_([p], clipping['clipValue'])
        opt.step()
        with torch.no_grad():
            x, y = p[0].item(), p[1].item()
            value = f(p[0], p[1]).item()
        if not (math.isfinite(x) and math.isfinite(y) and math.isfinite(value)):
            diverged = step
            break
        points.append([x, y, value])
    return points, diverged


def point_info(f, start, direction):
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    value = f(p[0], p[1])
    value.backward()
    u = torch.tensor(direction, dtype=torch.float64)
    u = u / u.norm()
    return value.item(), p.grad.tolist(), float(p.grad @ u)


def main():
    cases = []
    points = []
    for name, (f, start, lr_sgd, lr_adaptive) in SURFACES.items():
        value, gradient, dd = point_info(f, start, [1.0, 2.0])
        points.append({'function': name, 'condition': K if name == 'quadratic' else None, 'start': start,
                       'direction': [1.0, 2.0], 'value': value, 'gradient': gradient, 'directional_derivative': dd})
        for optimizer in OPTIMIZERS:
            lr = lr_adaptive if optimizer in ('adam', 'rmsprop') else lr_sgd
            for clipping in CLIPPINGS:
                path, diverged = run(f, start, optimizer, lr, clipping, STEPS)
                cases.append({'function': name, 'condition': K if name == 'quadratic' else None, 'start': start,
                              'optimizer': optimizer, 'lr': lr, 'momentum': MOMENTUM, 'steps': STEPS,
                              'clipping': clipping, 'path': path, 'diverged_at_step': diverged})
    # Divergence: the bowl with lr * k > 2 grows by |1 - lr k| per step, overflows after ~1700 steps;
    # Rosenbrock with a large lr overflows within a few steps.
    for name, lr, steps in [('quadratic', 0.25, 2000), ('rosenbrock', 0.01, 60)]:
        f, start = SURFACES[name][0], SURFACES[name][1]
        path, diverged = run(f, start, 'sgd', lr, {'kind': 'none'}, steps)
        assert diverged is not None, name
        cases.append({'function': name, 'condition': K if name == 'quadratic' else None, 'start': start,
                      'optimizer': 'sgd', 'lr': lr, 'momentum': MOMENTUM, 'steps': steps,
                      'clipping': {'kind': 'none'}, 'path': path, 'diverged_at_step': diverged})
    out = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'landscape', 'landscape.json')
    with open(out, 'w') as fh:
        json.dump({'generator': 'scripts/oracle/landscape.py', 'torch': torch.__version__, 'dtype': 'float64',
                   'points': points, 'cases': cases}, fh, allow_nan=False, separators=(',', ':'))
        fh.write('\n')
    print(f'wrote {len(cases)} paths and {len(points)} points to {os.path.normpath(out)}')


if __name__ == '__main__':
    main()
