import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { parseExpression } from '../../engine';
import { findActivation } from '../../plot/catalog';
import { pyNum } from '../../training/export/torchActivation';
import { curveToPython, expressionToPython, pytorchSnippet, torchCall } from './pytorch';

function py(source: string): string {
  const parsed = parseExpression(source);
  assert.ok(parsed.ok, source);
  return expressionToPython(parsed.ast);
}

describe('copy as PyTorch', () => {
  it('writes Python float literals', () => {
    assert.deepEqual([1, 0.01, 1e-8, -2, Infinity, NaN].map(pyNum), ['1.0', '0.01', '1e-8', '-2.0', "float('inf')", "float('nan')"]);
  });

  it("uses the registry's PyTorch call with the curve's parameters as keywords", () => {
    assert.equal(torchCall(findActivation('leaky_relu')!, 'x', { negative_slope: 0.2 }), 'F.leaky_relu(x, negative_slope=0.2)');
    assert.equal(torchCall(findActivation('softplus')!, 'x'), 'F.softplus(x, beta=1.0, threshold=20.0)');
    assert.equal(torchCall(findActivation('gelu_tanh')!, 'x'), "F.gelu(x, approximate='tanh')");
    assert.equal(torchCall(findActivation('sigmoid')!, '2 * x'), 'torch.sigmoid(2 * x)');
    assert.equal(torchCall(findActivation('identity')!, 'x'), 'torch.nn.Identity()(x)');
  });

  it('translates expressions with the right precedence and associativity', () => {
    assert.equal(py('x * sigmoid(1.702 * x)'), 'x * torch.sigmoid(1.702 * x)');
    assert.equal(py('-x^2'), '-x ** 2.0');
    assert.equal(py('(-x)^2'), '(-x) ** 2.0');
    assert.equal(py('2^-x'), '2.0 ** -x');
    assert.equal(py('(x^2)^3'), '(x ** 2.0) ** 3.0');
    assert.equal(py('x^2^3'), 'x ** 2.0 ** 3.0');
    assert.equal(py('x - (1 - x)'), 'x - (1.0 - x)');
    assert.equal(py('(x + 1) * (x - 1) / 2'), '(x + 1.0) * (x - 1.0) / 2.0');
    assert.equal(py('log(1 + exp(x))'), 'torch.log(1.0 + torch.exp(x))');
    assert.equal(py('max(x, 0.1 * x)'), 'torch.maximum(x, 0.1 * x)');
    assert.equal(py('max(x, 0)'), 'torch.maximum(x, torch.tensor(0.0, dtype=torch.float64))');
    assert.equal(py('where(x > 0, x, exp(x) - 1)'), 'torch.where(x > 0.0, x, torch.exp(x) - 1.0)');
    assert.equal(py('sin(pi * x) * e'), 'torch.sin(math.pi * x) * math.e');
    assert.equal(py('leaky_relu(x, 0.2) + swish(x)'), 'F.leaky_relu(x, negative_slope=0.2) + F.silu(x)');
  });

  it('lifts constant arguments of torch functions to float64 tensors (torch.exp(1.0) would raise)', () => {
    assert.equal(py('x + exp(1)'), 'x + torch.exp(torch.tensor(1.0, dtype=torch.float64))');
    assert.equal(py('sigmoid(2) * x'), 'torch.sigmoid(torch.tensor(2.0, dtype=torch.float64)) * x');
    assert.equal(py('pow(x, 2)'), 'x ** 2.0');
  });

  it('builds a script that samples every curve and takes f′ and f″ with torch.autograd', () => {
    const text = pytorchSnippet(
      [
        { label: 'Leaky ReLU', source: { kind: 'builtin', name: 'leaky_relu' }, params: { negative_slope: 0.2 } },
        { label: 'x * sigmoid(1.702 * x)', source: { kind: 'expression', source: 'x * sigmoid(1.702 * x)' }, params: {} },
      ],
      -6,
      6,
      2001,
    );
    assert.ok(text.includes('"Leaky ReLU": lambda x: F.leaky_relu(x, negative_slope=0.2),'));
    assert.ok(text.includes('"x * sigmoid(1.702 * x)": lambda x: x * torch.sigmoid(1.702 * x),'));
    assert.ok(text.includes('x = torch.linspace(-6.0, 6.0, 2001, dtype=torch.float64, requires_grad=True)'));
    assert.ok(text.includes('torch.autograd.grad(y.sum(), x, create_graph=True)'));
    assert.ok(text.includes('torch.autograd.grad(dy.sum(), x, allow_unused=True)'));
    assert.equal(curveToPython({ label: 'pi', source: { kind: 'expression', source: 'pi * x' }, params: {} }), 'math.pi * x');
  });

  it('is valid Python (checked by python3 when it is installed)', function () {
    const text = pytorchSnippet(
      [
        { label: 'SELU', source: { kind: 'builtin', name: 'selu' }, params: {} },
        { label: 'e', source: { kind: 'expression', source: 'where(x >= 0, x, e^x - 1) + 2^-x^2' }, params: {} },
      ],
      -1,
      1,
      11,
    );
    const check = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: text, encoding: 'utf8' });
    if (check.error) this.skip();
    assert.equal(check.status, 0, check.stderr);
  });
});
