/**
 * Explore Loss Landscape: the page's logic. One state object (saved with setState on every change)
 * drives everything: the surface and its contours, the pinned point with its readouts and 1-D slice,
 * and the optimizer race. Controls write into the state; render() draws from it.
 */
import { directional, slice, valueAndGradient, type Directional, type PointValue } from '../../landscape/calculus';
import { bowlStability, descend, DESCENT_OPTIMIZERS, type DescentOptimizer, type DescentPath } from '../../landscape/descent';
import { resolveSurface, SURFACE_NAMES, type Surface, type View } from '../../landscape/surfaces';
import type { LandscapeBenchmark, LandscapePanelState, LandscapeSnapshot, RacerSnapshot } from '../../protocol';
import { LineChart } from '../common/chart';
import { formatNumber } from '../../charts/chartModel';
import { setState } from '../common/host';
import { t } from '../common/l10n';
import type { ThemeColors } from '../common/theme';
import { NetworkView } from './networkView';
import { Plane } from './plane';
import { restoreState, MAX_RACE_STEPS } from './state';

/** The fallback when a restored custom expression does not parse. */
function bowlSurface(): Surface {
  const r = resolveSurface({ kind: 'builtin', name: 'quadratic' });
  if (!r.ok) throw new Error('the bowl always resolves');
  return r.surface;
}

export const RACER_COLORS: Readonly<Record<DescentOptimizer, string>> = {
  sgd: '#ffa31a', momentum: '#ff4df0', nesterov: '#3de8ff', adam: '#c6ff3d', rmsprop: '#b8a4ff',
};

const fmt = (v: number) => formatNumber(v, 5);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function optimizerLabel(o: DescentOptimizer): string {
  switch (o) {
    case 'sgd': return t('SGD');
    case 'momentum': return t('SGD + momentum');
    case 'nesterov': return t('Nesterov');
    case 'adam': return t('Adam');
    case 'rmsprop': return t('RMSprop');
  }
}

function surfaceLabel(s: LandscapePanelState['surface']): string {
  switch (s) {
    case 'quadratic': return t('Quadratic bowl ½(k x² + y²)');
    case 'rosenbrock': return t('Rosenbrock (curved valley)');
    case 'himmelblau': return t('Himmelblau (four minima)');
    case 'beale': return t('Beale (flat plateaus)');
    case 'saddle': return t('Saddle x² − y²');
    case 'custom': return t('Custom expression in x and y…');
  }
}

interface Race {
  readonly key: string;
  readonly paths: ReadonlyMap<DescentOptimizer, DescentPath>;
}

export class LandscapePage {
  state: LandscapePanelState;
  private surface: Surface;
  private error: string | null = null;
  private readonly plane: Plane;
  private readonly sliceChart: LineChart;
  private race: Race | undefined;
  private shown: number;
  private playing = 0;
  private at: PointValue = { value: NaN, gradient: [NaN, NaN] };
  private dir: Directional | undefined;
  private readonly ui: ReturnType<LandscapePage['build']>;
  readonly network: NetworkView;

  constructor(root: HTMLElement, saved: unknown, palette: ThemeColors, workerUrl: () => Promise<string>) {
    this.state = restoreState(saved);
    this.surface = this.resolve() ?? bowlSurface();
    this.ui = this.build(root);
    this.plane = new Plane(this.ui.planeHost, palette, {
      onPin: (p) => this.update({ pinned: p }),
      onAngle: (a) => this.update({ angle: a }),
      onView: (v) => this.update({ view: v }),
      onHover: (p) => this.hover(p),
    }, t('Contour map of f. Click to pin a point, drag the knob of u to turn it, drag to pan, scroll to zoom; arrow keys move the point, [ and ] turn u, 0 resets the view'));
    this.sliceChart = new LineChart(this.ui.sliceHost, { ariaLabel: t('The slice g(t) = f(p + t u) and its tangent at t = 0'), height: 220 }, palette);
    this.shown = this.state.steps;
    this.network = new NetworkView(this.ui.networkHost, workerUrl, (request) => this.showNetwork(request));
    this.syncControls();
    this.render();
    if (this.state.network) this.network.show(this.state.network);
  }

  /** Shows (and computes) the loss slice of a network config; remembered across reloads. */
  showNetwork(request: NonNullable<LandscapePanelState['network']>): void {
    this.state = { ...this.state, network: request };
    setState(this.state);
    this.network.show(request);
  }

  setTheme(palette: ThemeColors): void {
    this.plane.setTheme(palette);
    this.sliceChart.setTheme(palette);
  }

  // ---- state ----

  update(patch: Partial<Omit<LandscapePanelState, 'version'>>): void {
    const surfaceChanged = ['surface', 'condition', 'expression'].some((k) => k in patch);
    this.state = restoreState({ ...this.state, ...patch });
    if (surfaceChanged) {
      const s = this.resolve();
      if (s) this.surface = s;
      // A new surface starts from its own view, start and learning rates; a new k keeps lr, so that
      // raising k with a fixed lr shows the bowl's limit lr·k < 2 being crossed.
      if ('surface' in patch) this.state = { ...this.state, view: null, pinned: patch.pinned ?? null, lrSgd: patch.lrSgd ?? null, lrAdaptive: patch.lrAdaptive ?? null };
      else if ('condition' in patch) this.state = { ...this.state, view: null };
    }
    setState(this.state);
    this.syncControls();
    this.render();
  }

  /** The surface of the state, or undefined (with this.error set) when the expression does not parse. */
  private resolve(): Surface | undefined {
    const s = this.state;
    this.error = null;
    try {
      const r = resolveSurface(s.surface === 'custom' ? { kind: 'expression', source: s.expression } : { kind: 'builtin', name: s.surface, condition: s.condition });
      if (r.ok) return r.surface;
      this.error = `${r.error.message}\n${s.expression}\n${' '.repeat(r.error.start)}${'^'.repeat(Math.max(1, r.error.end - r.error.start))}`;
    } catch (e) {
      this.error = (e as Error).message;
    }
    return undefined;
  }

  private get pinned(): readonly [number, number] {
    return this.state.pinned ?? this.surface.start;
  }

  private get view(): View {
    return this.state.view ?? this.surface.view;
  }

  private lrOf(o: DescentOptimizer): number {
    const adaptive = o === 'adam' || o === 'rmsprop';
    return adaptive ? this.state.lrAdaptive ?? this.surface.lr.adaptive : this.state.lrSgd ?? this.surface.lr.sgd;
  }

  // ---- drawing ----

  render(): void {
    const s = this.state;
    const p = this.pinned;
    this.at = valueAndGradient(this.surface, p[0], p[1]);
    const u: [number, number] = [Math.cos(s.angle), Math.sin(s.angle)];
    this.dir = directional(this.surface, p, u, this.at);
    this.ensureRace();
    this.ui.formula.textContent = t('f(x, y) = {0}', this.surface.formula);
    this.ui.error.hidden = this.error === null;
    this.ui.error.textContent = this.error ? t('The expression does not parse: {0}', this.error) : '';
    this.renderReadouts();
    this.renderSlice(p, u);
    this.renderRace();
    this.plane.setScene({
      surface: this.surface,
      view: this.view,
      showArrows: s.showArrows,
      pinned: p,
      angle: s.angle,
      gradient: this.at.gradient,
      paths: s.racers.map((o) => {
        const path = this.race!.paths.get(o)!;
        const shown = Math.min(this.shown, path.points.length - 1);
        return {
          color: RACER_COLORS[o],
          points: path.points,
          shown,
          diverged: path.divergedAtStep !== null,
          record: s.clipping.kind !== 'none' && shown > 0 ? path.records[shown - 1] : null,
        };
      }),
    });
  }

  private renderReadouts(): void {
    const d = this.dir!;
    const [gx, gy] = this.at.gradient;
    const p = this.pinned;
    const r = this.ui.readouts;
    r.point.textContent = `(${fmt(p[0])}, ${fmt(p[1])})`;
    r.value.textContent = fmt(this.at.value);
    r.gradient.textContent = `(${fmt(gx)}, ${fmt(gy)})`;
    r.gradientNorm.textContent = fmt(d.gradientNorm);
    // Rounded to 9 decimals: cos(π) leaves 1.2e-16 where the reader expects 0.
    r.direction.textContent = `(${fmt(Number(d.unit[0].toFixed(9)))}, ${fmt(Number(d.unit[1].toFixed(9)))})`;
    r.derivative.textContent = fmt(d.derivative);
    r.finiteDifference.textContent = t('{0} (step h = {1})', fmt(d.finiteDifference), fmt(d.step));
    r.angle.textContent = Number.isNaN(d.angleDegrees) ? t('undefined (∇f = 0)') : `${d.angleDegrees.toFixed(1)}°`;
    const a = d.angleDegrees;
    this.ui.directionNote.textContent = !Number.isFinite(this.at.value) ? t('f is not a finite number at p: pin a point outside the hatched region.')
      : Number.isNaN(a) ? t('At a stationary point ∇f = 0: every direction has rate 0.')
      : a < 10 ? t('u points nearly along ∇f: f rises at almost the fastest rate, |∇f|.')
        : a > 170 ? t('u points nearly against ∇f: the steepest way down, the direction of gradient descent.')
          : Math.abs(a - 90) < 10 ? t('u is nearly perpendicular to ∇f: along the contour line f barely changes.')
            : d.derivative > 0 ? t('f rises along u, slower than along ∇f: D_u f = |∇f| cos θ.') : t('f falls along u: D_u f = |∇f| cos θ < 0.');
  }

  private renderSlice(p: readonly [number, number], u: [number, number]): void {
    const v = this.view;
    const span = (v.xMax - v.xMin) / 4;
    const { t: ts, g } = slice(this.surface, p, u, span, 161);
    const g0 = this.at.value, slope = this.dir!.derivative;
    const tangent = ts.map((x) => g0 + slope * x);
    const finite = [...g].filter(Number.isFinite);
    const lo = Math.min(...finite, g0), hi = Math.max(...finite, g0);
    const pad = (hi - lo) * 0.08 || 1;
    this.sliceChart.setModel({
      x: ts,
      series: [
        { label: t('g(t) = f(p + t u)'), color: 0, y: g },
        { label: t('tangent at t = 0, slope D_u f'), color: 'warning', y: tangent, dash: [6, 4] },
      ],
      rules: [{ axis: 'x', value: 0, color: 'muted', dash: [2, 3] }],
      xAxis: { label: 't' },
      yAxis: { label: 'g(t)' },
      yRange: [lo - pad, hi + pad],
    });
  }

  private ensureRace(): void {
    const s = this.state;
    const key = JSON.stringify([this.surface.formula, this.pinned, s.racers, s.lrSgd, s.lrAdaptive, s.momentum, s.beta1, s.beta2, s.alpha, s.steps, s.clipping]);
    if (this.race?.key === key) return;
    const paths = new Map<DescentOptimizer, DescentPath>();
    for (const o of s.racers) {
      paths.set(o, descend(this.surface, this.pinned, {
        optimizer: o, lr: this.lrOf(o), momentum: s.momentum, betas: [s.beta1, s.beta2], alpha: s.alpha, steps: s.steps, clipping: s.clipping,
      }));
    }
    this.race = { key, paths };
    this.shown = Math.min(this.shown, s.steps);
  }

  private racerSnapshots(): RacerSnapshot[] {
    return this.state.racers.map((o) => {
      const path = this.race!.paths.get(o)!;
      const shown = Math.min(this.shown, path.points.length - 1);
      const rec = shown > 0 && this.state.clipping.kind !== 'none' ? path.records[shown - 1] : null;
      return {
        optimizer: o, shown, divergedAtStep: path.divergedAtStep, last: path.points[shown],
        clipAngleDegrees: rec ? (rec.angle * 180) / Math.PI : null,
      };
    });
  }

  private renderRace(): void {
    const s = this.state;
    const list = this.ui.racerList;
    list.replaceChildren();
    for (const r of this.racerSnapshots()) {
      const row = el('li', 'racer');
      row.dataset.optimizer = r.optimizer;
      const swatch = el('span', 'swatch');
      swatch.style.background = RACER_COLORS[r.optimizer];
      const name = el('span', 'racer-name', `${optimizerLabel(r.optimizer)} (lr ${fmt(this.lrOf(r.optimizer))})`);
      const stepsText = r.divergedAtStep !== null && r.shown >= r.divergedAtStep - 1
        ? t('diverged at step {0}', r.divergedAtStep)
        : t('step {0} of {1}: f = {2}', r.shown, s.steps, fmt(r.last[2]));
      const status = el('span', r.divergedAtStep !== null ? 'racer-status error' : 'racer-status', stepsText);
      row.append(swatch, name, status);
      if (r.clipAngleDegrees !== null) {
        const path = this.race!.paths.get(r.optimizer)!;
        const rec = path.records[r.shown - 1];
        row.append(el('span', 'racer-clip', t('|g| {0} → {1}, turned {2}°', fmt(Math.hypot(...rec.raw)), fmt(Math.hypot(...rec.clipped)), r.clipAngleDegrees.toFixed(1))));
      }
      list.append(row);
    }
    this.ui.stepLabel.textContent = t('Step {0} of {1}', this.shown, s.steps);
    this.ui.play.textContent = this.playing ? t('Pause') : t('Play');
    this.ui.divergence.textContent = this.divergenceText();
    this.ui.divergence.hidden = this.ui.divergence.textContent === '';
  }

  /** Why racers diverge, in words: the bowl's limit on lr·k for the SGD family, else what happened. */
  private divergenceText(): string {
    const s = this.state;
    const lines: string[] = [];
    for (const o of s.racers) {
      const path = this.race!.paths.get(o)!;
      const stab = s.surface === 'quadratic' ? bowlStability(o, s.condition, this.lrOf(o), s.momentum) : null;
      if (stab && !stab.stable && s.clipping.kind !== 'none') {
        // The limit is for the linear iteration; clipping makes it non-linear and bounds every step.
        lines.push(t('{0}: without clipping this lr would diverge (lr·k = {1} > {2}); clipping bounds every step, so the path stays bounded but can keep bouncing around the minimum.', optimizerLabel(o), fmt(stab.product), fmt(stab.limit)));
      } else if (stab && !stab.stable) {
        const k = Math.max(s.condition, 1);
        if (o === 'sgd') {
          lines.push(t('{0} diverges: each step multiplies the coordinate of curvature {1} by 1 − lr·{1} = {2}, and |1 − lr·k| > 1 exactly when lr·k > 2 (here lr·k = {3}).', optimizerLabel(o), fmt(k), fmt(stab.factor), fmt(stab.product)));
        } else {
          lines.push(t('{0} diverges: on this bowl it is stable only while lr·k < {1}; here lr·k = {2}.', optimizerLabel(o), fmt(stab.limit), fmt(stab.product)));
        }
      } else if (path.divergedAtStep !== null) {
        lines.push(t('{0} diverged at step {1}: the step overshot to where f is no longer a finite number; the path stops at its last finite point (marked ⊗).', optimizerLabel(o), path.divergedAtStep));
      }
    }
    return lines.join(' ');
  }

  private hover(p: [number, number] | null): void {
    if (!p) {
      this.ui.hover.textContent = t('Hover over the map to read f and ∇f.');
      return;
    }
    const at = valueAndGradient(this.surface, p[0], p[1]);
    this.ui.hover.textContent = t('At ({0}, {1}): f = {2}, ∇f = ({3}, {4})', fmt(p[0]), fmt(p[1]), fmt(at.value), fmt(at.gradient[0]), fmt(at.gradient[1]));
  }

  // ---- race controls ----

  play(): void {
    if (this.playing) {
      cancelAnimationFrame(this.playing);
      this.playing = 0;
      this.renderRace();
      return;
    }
    if (this.shown >= this.state.steps) this.shown = 0;
    const perFrame = Math.max(1, Math.round(this.state.steps / 150));
    const tick = () => {
      this.shown = Math.min(this.state.steps, this.shown + perFrame);
      this.playing = this.shown < this.state.steps ? requestAnimationFrame(tick) : 0;
      this.render();
    };
    this.playing = requestAnimationFrame(tick);
    this.renderRace();
  }

  step(): void {
    if (this.playing) this.play();
    this.shown = this.shown >= this.state.steps ? 1 : this.shown + 1;
    this.render();
  }

  restart(): void {
    if (this.playing) this.play();
    this.shown = 0;
    this.render();
  }

  /** Runs the race to its end at once (the host's `race` request). */
  finishRace(): void {
    if (this.playing) this.play();
    this.shown = this.state.steps;
    this.render();
  }

  // ---- answers to the host ----

  snapshot(): LandscapeSnapshot {
    this.plane.flush();
    const d = this.dir!;
    const readouts: Record<string, string> = {};
    for (const [k, e] of Object.entries(this.ui.readouts)) readouts[k] = e.textContent ?? '';
    const stats = this.plane.stats;
    return {
      state: this.state,
      lesson: this.ui.lesson.textContent ?? '',
      formula: this.ui.formula.textContent ?? '',
      readouts,
      numbers: { value: this.at.value, gradient: this.at.gradient, derivative: d.derivative, finiteDifference: d.finiteDifference, angleDegrees: d.angleDegrees },
      racers: this.racerSnapshots(),
      divergence: this.ui.divergence.textContent ?? '',
      error: this.ui.error.hidden ? null : this.ui.error.textContent,
      contours: stats
        ? { scale: stats.levels.scale, bands: stats.levels.levels.length - 1, holes: stats.holes, gridPoints: 200 * 200 }
        : { scale: 'linear', bands: 0, holes: 0, gridPoints: 0 },
      network: this.state.network ? { status: this.network.statusText, done: this.network.done } : null,
    };
  }

  /** Redraws after a pan by 1 % of the width, `runs` times; times each redraw. */
  benchmark(runs: number): LandscapeBenchmark {
    const gridMs: number[] = [];
    const totalMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const v = this.plane.drawnView;
      const dx = (v.xMax - v.xMin) * 0.01 * (i % 2 === 0 ? 1 : -1);
      this.state = { ...this.state, view: { ...v, xMin: v.xMin + dx, xMax: v.xMax + dx } };
      this.plane.setScene({ ...this.sceneOfState() });
      const t0 = performance.now();
      gridMs.push(this.plane.draw());
      totalMs.push(performance.now() - t0);
    }
    const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
    setState(this.state);
    this.render(); // the paths and readouts again (the timed redraws drew the contours alone)
    return { runs, gridPoints: 200 * 200, gridMs, totalMs, medianGridMs: median(gridMs), medianTotalMs: median(totalMs) };
  }

  private sceneOfState() {
    return {
      surface: this.surface, view: this.view, showArrows: this.state.showArrows, pinned: this.pinned, angle: this.state.angle,
      gradient: this.at.gradient, paths: [],
    };
  }

  // ---- the DOM ----

  private build(root: HTMLElement) {
    const header = el('header', 'landscape-header');
    const lesson = el('p', 'lesson', t('The gradient ∇f points where f rises fastest; along a unit direction u, f changes at the rate D_u f = ∇f·u, and gradient descent steps against ∇f.'));
    header.append(lesson);
    const body = el('div', 'landscape-body');
    const controls = el('aside', 'controls');
    const content = el('main', 'content');
    body.append(controls, content);
    root.append(header, body);

    // Surface controls
    controls.append(el('h2', undefined, t('Surface')));
    const surfaceSelect = el('select');
    surfaceSelect.id = 'surface';
    for (const s of [...SURFACE_NAMES, 'custom'] as const) {
      const o = el('option', undefined, surfaceLabel(s));
      o.value = s;
      surfaceSelect.append(o);
    }
    surfaceSelect.addEventListener('change', () => this.update({ surface: surfaceSelect.value as LandscapePanelState['surface'] }));
    controls.append(field(t('Function'), surfaceSelect));
    const condition = slider('condition', 0, 1000, (v) => this.update({ condition: Number((10 ** (-1 + (v / 1000) * 4)).toPrecision(3)) }));
    const conditionField = field(t('Condition number k (how stretched the bowl is)'), condition.row);
    controls.append(conditionField);
    const expression = el('input');
    expression.type = 'text';
    expression.id = 'expression';
    expression.spellcheck = false;
    expression.placeholder = t('an expression in x and y, e.g. x^2 + 3*y^2');
    expression.addEventListener('input', () => this.update({ expression: expression.value }));
    const error = el('pre', 'inline-error');
    error.id = 'expression-error';
    error.hidden = true;
    const expressionField = field(t('f(x, y) ='), expression);
    expressionField.append(error);
    controls.append(expressionField);
    const arrows = el('input');
    arrows.type = 'checkbox';
    arrows.id = 'arrows';
    arrows.addEventListener('change', () => this.update({ showArrows: arrows.checked }));
    const arrowsField = el('div', 'field field-check');
    const arrowsLabel = el('label', undefined, t('Gradient arrows (∇f, pointing uphill)'));
    arrowsLabel.htmlFor = 'arrows';
    arrowsField.append(arrows, arrowsLabel);
    controls.append(arrowsField);

    // Race controls
    controls.append(el('h2', undefined, t('Optimizers')));
    const racerChecks = el('fieldset', 'checks');
    const racerBoxes = new Map<DescentOptimizer, HTMLInputElement>();
    for (const o of DESCENT_OPTIMIZERS) {
      const box = el('input');
      box.type = 'checkbox';
      box.id = `racer-${o}`;
      box.addEventListener('change', () => this.update({ racers: DESCENT_OPTIMIZERS.filter((x) => racerBoxes.get(x)!.checked) }));
      racerBoxes.set(o, box);
      const label = el('label');
      label.htmlFor = box.id;
      const sw = el('span', 'swatch');
      sw.style.background = RACER_COLORS[o];
      label.append(box, sw, document.createTextNode(optimizerLabel(o)));
      racerChecks.append(label);
    }
    controls.append(racerChecks);
    // lr sliders on a log scale: 1e-4 to 3.
    const lrOfSlider = (v: number) => Number((10 ** (-4 + (v / 1000) * Math.log10(3e4))).toPrecision(3));
    const lrSgd = slider('lr-sgd', 0, 1000, (v) => this.update({ lrSgd: lrOfSlider(v) }));
    const lrAdaptive = slider('lr-adaptive', 0, 1000, (v) => this.update({ lrAdaptive: lrOfSlider(v) }));
    controls.append(field(t('Learning rate: SGD, momentum, Nesterov'), lrSgd.row), field(t('Learning rate: Adam, RMSprop'), lrAdaptive.row));
    const momentum = slider('momentum', 0, 99, (v) => this.update({ momentum: v / 100 }));
    const beta1 = slider('beta1', 0, 99, (v) => this.update({ beta1: v / 100 }));
    const beta2 = slider('beta2', 0, 1000, (v) => this.update({ beta2: Number((1 - 10 ** (-1 - (v / 1000) * 3)).toPrecision(6)) }));
    const alpha = slider('alpha', 0, 1000, (v) => this.update({ alpha: Number((1 - 10 ** (-1 - (v / 1000) * 3)).toPrecision(6)) }));
    controls.append(field(t('Momentum (SGD + momentum, Nesterov)'), momentum.row), field(t('Adam β₁'), beta1.row), field(t('Adam β₂'), beta2.row), field(t('RMSprop α'), alpha.row));
    const steps = el('input');
    steps.type = 'number';
    steps.id = 'steps';
    steps.min = '1';
    steps.max = String(MAX_RACE_STEPS);
    steps.addEventListener('change', () => {
      const n = Math.round(Number(steps.value));
      if (n >= 1 && n <= MAX_RACE_STEPS) this.update({ steps: n });
    });
    controls.append(field(t('Steps'), steps));
    const clipKind = el('select');
    clipKind.id = 'clip-kind';
    for (const [value, label] of [['none', t('no clipping')], ['norm', t('by norm (clip_grad_norm_)')], ['value', t('by value (clip_grad_value_)')]] as const) {
      const o = el('option', undefined, label);
      o.value = value;
      clipKind.append(o);
    }
    const clipAmount = el('input');
    clipAmount.type = 'number';
    clipAmount.id = 'clip-amount';
    clipAmount.step = 'any';
    clipAmount.min = '0';
    const applyClip = () => {
      const amount = Number(clipAmount.value);
      const ok = amount > 0 && Number.isFinite(amount);
      clipAmount.setAttribute('aria-invalid', String(clipKind.value !== 'none' && !ok));
      if (clipKind.value === 'none') this.update({ clipping: { kind: 'none' } });
      else if (ok) this.update({ clipping: clipKind.value === 'norm' ? { kind: 'norm', maxNorm: amount } : { kind: 'value', clipValue: amount } });
    };
    clipKind.addEventListener('change', () => {
      if (!(Number(clipAmount.value) > 0)) clipAmount.value = '1';
      applyClip();
    });
    clipAmount.addEventListener('input', applyClip);
    controls.append(field(t('Clip the gradient before each step'), clipKind), field(t('max_norm or clip value'), clipAmount));

    // Content: formula, the plane, readouts and slice, the race
    const formula = el('p', 'formula');
    const planeHost = el('div', 'plane-host');
    const hover = el('p', 'hover muted', t('Hover over the map to read f and ∇f.'));
    const legend = el('p', 'legend muted', t('Colours: low f dark purple, high f yellow (bands spaced logarithmically when f spans many orders of magnitude). Hatched: f is NaN or infinite there. ✕: a minimum.'));
    content.append(formula, planeHost, hover, legend);

    const raceBar = el('div', 'race-bar');
    const play = el('button', undefined, t('Play'));
    play.id = 'play';
    const stepButton = el('button', 'secondary', t('Step'));
    stepButton.id = 'step';
    const restart = el('button', 'secondary', t('Restart'));
    restart.id = 'restart';
    for (const b of [play, stepButton, restart]) b.type = 'button';
    play.addEventListener('click', () => this.play());
    stepButton.addEventListener('click', () => this.step());
    restart.addEventListener('click', () => this.restart());
    const stepLabel = el('span', 'step-label');
    raceBar.append(play, stepButton, restart, stepLabel);
    const racerList = el('ul', 'racers');
    const divergence = el('p', 'divergence');
    divergence.id = 'divergence';
    const raceHelp = el('p', 'muted', t('Each path starts at the pinned point. With clipping, the dashed arrow is the raw gradient and the solid one the clipped gradient of the step shown: by norm only shortens it, by value can turn it.'));
    const raceSection = el('section', 'race');
    raceSection.append(el('h2', undefined, t('Optimizers racing from p')), raceBar, racerList, divergence, raceHelp);

    const readoutGrid = el('dl', 'readouts');
    const readouts = {
      point: readout(readoutGrid, t('pinned point p')),
      value: readout(readoutGrid, 'f(p)'),
      gradient: readout(readoutGrid, '∇f(p)'),
      gradientNorm: readout(readoutGrid, t('|∇f| (the fastest rate of rise)')),
      direction: readout(readoutGrid, t('unit direction u')),
      derivative: readout(readoutGrid, t('D_u f = ∇f·u (autograd)')),
      finiteDifference: readout(readoutGrid, t('finite-difference check')),
      angle: readout(readoutGrid, t('angle θ between u and ∇f')),
    };
    const directionNote = el('p', 'direction-note');
    const readoutCard = el('section', 'readout-card');
    readoutCard.append(el('h2', undefined, t('Directional derivative at p')), readoutGrid, directionNote);
    const sliceCard = el('section', 'slice-card');
    const sliceHost = el('div', 'chart-host');
    sliceCard.append(el('h2', undefined, t('The slice g(t) = f(p + t u)')), sliceHost);
    const pair = el('div', 'landscape-pair');
    pair.append(readoutCard, sliceCard);
    content.append(pair, raceSection);
    // A config's loss slice, when shown, comes first: it is what the user asked for.
    const networkHost = el('section', 'network');
    networkHost.hidden = true;
    content.prepend(networkHost);

    return {
      lesson, formula, planeHost, hover, error, readouts, directionNote, sliceHost, racerList, divergence, stepLabel, play, networkHost,
      inputs: { surfaceSelect, condition, conditionField, expression, expressionField, arrows, racerBoxes, lrSgd, lrAdaptive, momentum, beta1, beta2, alpha, steps, clipKind, clipAmount, lrOfSlider },
    };
  }

  /** Puts the state's values into the controls (after a restore, or a change from the host). */
  private syncControls(): void {
    const s = this.state;
    const i = this.ui.inputs;
    i.surfaceSelect.value = s.surface;
    i.conditionField.hidden = s.surface !== 'quadratic';
    i.condition.set(((Math.log10(s.condition) + 1) / 4) * 1000, fmt(s.condition));
    i.expressionField.hidden = s.surface !== 'custom';
    if (document.activeElement !== i.expression) i.expression.value = s.expression;
    i.expression.setAttribute('aria-invalid', String(this.error !== null));
    i.arrows.checked = s.showArrows;
    for (const [o, box] of i.racerBoxes) box.checked = s.racers.includes(o);
    const lrPos = (lr: number) => ((Math.log10(lr) + 4) / Math.log10(3e4)) * 1000;
    i.lrSgd.set(lrPos(this.lrOf('sgd')), fmt(this.lrOf('sgd')));
    i.lrAdaptive.set(lrPos(this.lrOf('adam')), fmt(this.lrOf('adam')));
    i.momentum.set(s.momentum * 100, fmt(s.momentum));
    i.beta1.set(s.beta1 * 100, fmt(s.beta1));
    const oneMinus = (v: number) => ((-Math.log10(1 - v) - 1) / 3) * 1000;
    i.beta2.set(oneMinus(s.beta2), fmt(s.beta2));
    i.alpha.set(oneMinus(s.alpha), fmt(s.alpha));
    if (document.activeElement !== i.steps) i.steps.value = String(s.steps);
    i.clipKind.value = s.clipping.kind;
    i.clipAmount.disabled = s.clipping.kind === 'none';
    if (s.clipping.kind !== 'none' && document.activeElement !== i.clipAmount) {
      i.clipAmount.value = String(s.clipping.kind === 'norm' ? s.clipping.maxNorm : s.clipping.clipValue);
    }
  }
}

function field(label: string, control: HTMLElement): HTMLDivElement {
  const f = el('div', 'field');
  const l = el('label', undefined, label);
  const target = control instanceof HTMLInputElement || control instanceof HTMLSelectElement ? control : control.querySelector('input');
  if (target) l.htmlFor = target.id;
  f.append(l, control);
  return f;
}

function slider(id: string, min: number, max: number, onInput: (v: number) => void) {
  const row = el('div', 'range-row');
  const input = el('input');
  input.type = 'range';
  input.id = id;
  input.min = String(min);
  input.max = String(max);
  input.step = '1';
  const value = el('span', 'range-value');
  value.id = `${id}-value`;
  input.addEventListener('input', () => onInput(Number(input.value)));
  row.append(input, value);
  return {
    row,
    input,
    set(position: number, text: string) {
      if (document.activeElement !== input) input.value = String(Math.round(Math.max(min, Math.min(max, position))));
      value.textContent = text;
    },
  };
}

function readout(list: HTMLElement, label: string): HTMLElement {
  const dt = el('dt', undefined, label);
  const dd = el('dd');
  list.append(dt, dd);
  return dd;
}

