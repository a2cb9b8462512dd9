/**
 * Every English UI string of the Plot Activation page. The host translates them (vscode.l10n.t) into
 * the boot data; the page looks them up with t(). zh-cn: l10n/parts/activation.zh-cn.json. A unit
 * test (pageStrings.test.ts) checks that every literal passed to t in src/webview/activation is listed here and translated.
 */

import { PLOT_LIMITS } from '../../protocol';

export const ACTIVATION_PAGE_STRINGS: readonly string[] = [
  // lesson
  'Through L {0} layers the slope sets no bound: |f′| has no maximum, so the gradient can grow without limit.',
  'Through L {0} layers the gradient is at most {1}^L = {2} (L = {3}).',
  'E[f′(z)²] = {0} is the average squared slope at typical inputs z ~ N(0, 1): with weights of variance 1/n each layer scales the gradient’s squared size by about that much, {0}^L = {1} after L = {2}.',
  'Backpropagation multiplies the gradient by f′ at every layer it passes, so the slope decides what reaches the first layers.',
  'Layers L',
  'See it through depth →',
  'Open the depth explorer with this activation',
  // toolbar
  'Plot options',
  'Saturation',
  'Shade where |f′| < 0.01 (saturating) and where f′ = 0 (dead)',
  'Bound of f′',
  'Dashed line at the largest |f′|, e.g. sigmoid′ ≤ 0.25',
  'x from',
  'to',
  'points',
  'Reset view',
  'Add expression',
  'Export PNG',
  'Export SVG',
  'Export CSV',
  'Copy as PyTorch',
  'the PyTorch script',
  // chart and readout
  'Activation functions and their derivatives',
  'Arrow keys move the readout, Shift+arrows pan, plus and minus zoom, 0 resets',
  'Drag to pan, scroll to zoom, Shift+drag to zoom to a box, double-click to reset. Shaded: |f′| < 0.01 (light) and f′ = 0 (dark).',
  'f(x), f′(x), f″(x)',
  'Values at the cursor',
  'Legend',
  'Hover over the chart, or focus it and use the arrow keys, to read f, f′ and f″.',
  'Nothing to plot yet: run "Gradient Lab: Plot Activation" or add an expression.',
  'Nothing is plotted yet',
  // cards and facts
  'Remove {0}',
  'f(x) =',
  'Range',
  'Zero-centred',
  'Monotonic',
  'yes',
  'no',
  'max |f′|',
  'E[f′(z)²], z ~ N(0, 1)',
  'The factor by which a layer scales the squared gradient at unit pre-activation variance (with weights of variance 1/n): below 1, gradients vanish through depth; above 1, they explode.',
  'computing…',
  // softmax example
  '{0}: logits in, probabilities out',
  'Each output depends on every logit, so there is no single curve: the derivative is a Jacobian matrix.',
  'Temperature',
  'Temperature T',
  'Logit {0}',
  'Add a logit',
  'Remove the last logit',
  'Jacobian',
  'Here J = (diag(p) − p pᵀ) / T: each row sums to 0, because adding the same amount to every logit changes nothing.',
  'Here J = (I − 1 pᵀ) / T: the gradient of log-softmax stays well scaled even where p underflows.',
  // refusals from checkPlotRange (protocol/activationPanel.ts)
  'The range must be two finite numbers.',
  'The start of the range must be smaller than its end.',
  `The range must stay within ±${PLOT_LIMITS.maxAbsX.toExponential(0)}.`,
  `The range must be wider than ${PLOT_LIMITS.minSpan}.`,
  `The number of points must be a whole number from ${PLOT_LIMITS.minPoints} to ${PLOT_LIMITS.maxPoints}.`,
];
