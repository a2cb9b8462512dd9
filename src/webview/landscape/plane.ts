/**
 * The (x, y) plane: filled contours of f, optional gradient arrows, optimizer paths, the pinned
 * point p with ∇f and the direction handle u. x and y share one scale, so angles on screen are the
 * true angles (∇f meets the contour lines at right angles). Drag pans, the wheel zooms, a click pins
 * p, dragging the handle's knob turns u; arrow keys move p, [ and ] turn u, 0 resets the view.
 */
import { bands, contourLevels, type ContourLevels } from '../../landscape/contours';
import { evaluateGrid, valuesAndGradients } from '../../landscape/calculus';
import { bandPalette, paintBands } from '../../landscape/raster';
import type { StepRecord } from '../../landscape/descent';
import type { Surface, View } from '../../landscape/surfaces';
import { formatTick } from '../../charts/chartModel';
import { linearAxisTicks } from '../../charts/chartTicks';
import type { ThemeColors } from '../common/theme';

export const GRID = 200;
const BAND_COUNT = 16;
const HANDLE_PX = 70;
const ARROWS = 18;

export interface PlanePath {
  readonly color: string;
  readonly points: readonly (readonly [number, number, number])[];
  /** How many steps to draw (points 0..shown). */
  readonly shown: number;
  readonly diverged: boolean;
  /** The step just drawn, for its raw and clipped gradient arrows (null: no clipping). */
  readonly record: StepRecord | null;
}

export interface PlaneScene {
  readonly surface: Surface;
  readonly view: View;
  readonly showArrows: boolean;
  readonly pinned: readonly [number, number];
  readonly angle: number;
  readonly gradient: readonly [number, number];
  readonly paths: readonly PlanePath[];
}

export interface PlaneEvents {
  onPin(p: [number, number]): void;
  onAngle(angle: number): void;
  onView(view: View | null): void;
  onHover(p: [number, number] | null): void;
}

export interface ContourStats {
  readonly levels: ContourLevels;
  readonly holes: number;
  readonly gridMs: number;
}

export class Plane {
  readonly canvas: HTMLCanvasElement;
  private readonly image: HTMLCanvasElement;
  private readonly imageData: ImageData;
  private bandBuf = new Int16Array(GRID * GRID);
  private valueBuf = new Float64Array(GRID * GRID);
  private scene: PlaneScene | undefined;
  private fitted: View = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
  private contourKey = '';
  stats: ContourStats | undefined;
  private palette: ThemeColors;
  private frame = 0;
  private width = 600;
  private height = 440;

  constructor(container: HTMLElement, palette: ThemeColors, private readonly events: PlaneEvents, ariaLabel: string) {
    this.palette = palette;
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'landscape-plane';
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'application');
    this.canvas.setAttribute('aria-label', ariaLabel);
    container.append(this.canvas);
    this.image = document.createElement('canvas');
    this.image.width = GRID;
    this.image.height = GRID;
    this.imageData = new ImageData(GRID, GRID);
    new ResizeObserver(() => this.resize(container)).observe(container);
    this.resize(container);
    this.bind();
  }

  setTheme(palette: ThemeColors): void {
    this.palette = palette;
    this.requestDraw();
  }

  setScene(scene: PlaneScene): void {
    this.scene = scene;
    this.requestDraw();
  }

  /** The view actually drawn: the requested one widened to the canvas's aspect ratio. */
  get drawnView(): View {
    return this.fitted;
  }

  private resize(container: HTMLElement): void {
    const w = Math.max(280, Math.floor(container.clientWidth));
    const h = Math.round(Math.min(560, Math.max(300, w * 0.68)));
    if (w === this.width && h === this.height && this.canvas.width > 0) return;
    this.width = w;
    this.height = h;
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(w * dpr);
    this.canvas.height = Math.round(h * dpr);
    this.canvas.style.width = `${w}px`;
    this.canvas.style.height = `${h}px`;
    this.contourKey = '';
    this.requestDraw();
  }

  /** Draws now if a draw is pending (so what a snapshot reads matches what is set). */
  flush(): void {
    if (!this.frame) return;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.draw();
  }

  private requestDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** Redraws now (the benchmark times this); returns the ms spent on the grid, bands and paint. */
  draw(): number {
    const scene = this.scene;
    if (!scene) return 0;
    this.fitted = fitView(scene.view, this.width, this.height);
    let gridMs = 0;
    const key = `${scene.surface.formula}|${JSON.stringify(this.fitted)}`;
    if (key !== this.contourKey) {
      gridMs = this.renderContours(scene.surface);
      this.contourKey = key;
    }
    const ctx = this.canvas.getContext('2d')!;
    const dpr = this.canvas.width / this.width;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.drawHoles(ctx);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.image, 0, 0, this.width, this.height);
    this.drawAxes(ctx);
    if (scene.showArrows) this.drawField(ctx, scene.surface);
    this.drawMinima(ctx, scene.surface);
    for (const p of scene.paths) this.drawPath(ctx, p);
    this.drawPinned(ctx, scene);
    return gridMs;
  }

  /** Grid → bands → pixels; the expensive part of a pan or zoom. */
  renderContours(surface: Surface): number {
    const t0 = performance.now();
    const grid = evaluateGrid(surface, this.fitted, GRID, GRID, this.valueBuf);
    const levels = contourLevels(grid.values, BAND_COUNT);
    bands(grid.values, levels.levels, this.bandBuf);
    const holes = paintBands(this.bandBuf, GRID, GRID, bandPalette(levels.levels.length - 1), this.imageData.data);
    this.image.getContext('2d')!.putImageData(this.imageData, 0, 0);
    const gridMs = performance.now() - t0;
    this.stats = { levels, holes, gridMs };
    return gridMs;
  }

  /** Forces the contours to be recomputed at the next draw (the benchmark's pans). */
  invalidate(): void {
    this.contourKey = '';
  }

  toPx(x: number, y: number): [number, number] {
    const v = this.fitted;
    return [((x - v.xMin) / (v.xMax - v.xMin)) * this.width, ((v.yMax - y) / (v.yMax - v.yMin)) * this.height];
  }

  toData(px: number, py: number): [number, number] {
    const v = this.fitted;
    return [v.xMin + (px / this.width) * (v.xMax - v.xMin), v.yMax - (py / this.height) * (v.yMax - v.yMin)];
  }

  private drawHoles(ctx: CanvasRenderingContext2D): void {
    ctx.fillStyle = this.palette.background;
    ctx.fillRect(0, 0, this.width, this.height);
    ctx.strokeStyle = this.palette.muted;
    ctx.globalAlpha = 0.45;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let d = -this.height; d < this.width; d += 9) {
      ctx.moveTo(d, this.height);
      ctx.lineTo(d + this.height, 0);
    }
    ctx.stroke();
    ctx.globalAlpha = 1;
  }

  private drawAxes(ctx: CanvasRenderingContext2D): void {
    const v = this.fitted;
    ctx.font = `${Math.round(this.palette.fontSize * 0.85)}px ${this.palette.fontFamily}`;
    ctx.textBaseline = 'bottom';
    const label = (text: string, x: number, y: number, align: CanvasTextAlign) => {
      ctx.textAlign = align;
      const w = ctx.measureText(text).width;
      const x0 = align === 'center' ? x - w / 2 : align === 'right' ? x - w : x;
      ctx.fillStyle = 'rgba(0,0,0,0.55)';
      ctx.fillRect(x0 - 2, y - 14, w + 4, 15);
      ctx.fillStyle = '#ffffff';
      ctx.fillText(text, x, y);
    };
    const xt = linearAxisTicks(v.xMin, v.xMax, this.width);
    const yt = linearAxisTicks(v.yMin, v.yMax, this.height);
    ctx.strokeStyle = 'rgba(255,255,255,0.35)';
    ctx.lineWidth = 1;
    for (const x of xt) {
      const [px] = this.toPx(x, 0);
      if (px < 20 || px > this.width - 20) continue;
      ctx.beginPath(); ctx.moveTo(px, this.height); ctx.lineTo(px, this.height - 6); ctx.stroke();
      label(formatTick(x, xt[1] - xt[0]), px, this.height - 7, 'center');
    }
    for (const y of yt) {
      const [, py] = this.toPx(0, y);
      if (py < 20 || py > this.height - 24) continue;
      ctx.beginPath(); ctx.moveTo(0, py); ctx.lineTo(6, py); ctx.stroke();
      label(formatTick(y, yt[1] - yt[0]), 8, py + 7, 'left');
    }
    label('x', this.width - 8, this.height - 7, 'right');
    label('y', 8, 18, 'left');
  }

  private drawField(ctx: CanvasRenderingContext2D, surface: Surface): void {
    const xs: number[] = [];
    const ys: number[] = [];
    const cols = ARROWS;
    const rows = Math.max(4, Math.round((ARROWS * this.height) / this.width));
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const [x, y] = this.toData(((c + 0.5) / cols) * this.width, ((r + 0.5) / rows) * this.height);
        xs.push(x);
        ys.push(y);
      }
    }
    const { gx, gy } = valuesAndGradients(surface, xs, ys);
    const cell = Math.min(this.width / cols, this.height / rows);
    ctx.strokeStyle = 'rgba(255,255,255,0.8)';
    ctx.fillStyle = 'rgba(255,255,255,0.8)';
    ctx.lineWidth = 1.2;
    for (let i = 0; i < xs.length; i++) {
      const n = Math.hypot(gx[i], gy[i]);
      if (!(n > 0) || !Number.isFinite(n)) continue;
      // Direction only: lengths would span orders of magnitude. Longer arrows where the slope is steeper (log scale).
      const len = cell * (0.35 + 0.1 * Math.min(4, Math.max(0, Math.log10(n) + 1)));
      const [px, py] = this.toPx(xs[i], ys[i]);
      arrow(ctx, px - (gx[i] / n) * len / 2, py + (gy[i] / n) * len / 2, px + (gx[i] / n) * len / 2, py - (gy[i] / n) * len / 2, 4);
    }
  }

  private drawMinima(ctx: CanvasRenderingContext2D, surface: Surface): void {
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 2;
    for (const [x, y] of surface.minima) {
      const [px, py] = this.toPx(x, y);
      ctx.beginPath();
      ctx.moveTo(px - 5, py - 5); ctx.lineTo(px + 5, py + 5);
      ctx.moveTo(px - 5, py + 5); ctx.lineTo(px + 5, py - 5);
      ctx.stroke();
    }
  }

  private drawPath(ctx: CanvasRenderingContext2D, path: PlanePath): void {
    const n = Math.min(path.shown, path.points.length - 1);
    ctx.strokeStyle = path.color;
    ctx.fillStyle = path.color;
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    for (let i = 0; i <= n; i++) {
      const [px, py] = this.toPx(path.points[i][0], path.points[i][1]);
      const cx = clampPx(px), cy = clampPx(py);
      if (i === 0) ctx.moveTo(cx, cy); else ctx.lineTo(cx, cy);
    }
    ctx.stroke();
    for (let i = 1; i <= n && n <= 200; i++) {
      const [px, py] = this.toPx(path.points[i][0], path.points[i][1]);
      ctx.beginPath(); ctx.arc(clampPx(px), clampPx(py), 2, 0, 2 * Math.PI); ctx.fill();
    }
    const last = path.points[n];
    const [lx, ly] = this.toPx(last[0], last[1]);
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#000000';
    ctx.beginPath(); ctx.arc(clampPx(lx), clampPx(ly), 5, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
    if (path.diverged && path.shown >= path.points.length - 1) {
      // The marker of a path that stopped at a non-finite point: a cross in a ring.
      ctx.strokeStyle = this.palette.error;
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.arc(clampPx(lx), clampPx(ly), 10, 0, 2 * Math.PI);
      ctx.moveTo(lx - 6, ly - 6); ctx.lineTo(lx + 6, ly + 6);
      ctx.moveTo(lx - 6, ly + 6); ctx.lineTo(lx + 6, ly - 6);
      ctx.stroke();
    }
    if (path.record) {
      // Raw (dashed) and clipped (solid) gradient at the point the step started from, on one scale.
      const from = path.points[Math.max(0, n - 1)];
      const [fx, fy] = this.toPx(from[0], from[1]);
      const { raw, clipped } = path.record;
      const scale = 60 / Math.max(Math.hypot(raw[0], raw[1]), 1e-300);
      ctx.strokeStyle = path.color;
      ctx.fillStyle = path.color;
      ctx.lineWidth = 2;
      ctx.setLineDash([5, 4]);
      arrow(ctx, fx, fy, fx + raw[0] * scale, fy - raw[1] * scale, 7);
      ctx.setLineDash([]);
      ctx.lineWidth = 3;
      arrow(ctx, fx, fy, fx + clipped[0] * scale, fy - clipped[1] * scale, 7);
    }
  }

  private drawPinned(ctx: CanvasRenderingContext2D, scene: PlaneScene): void {
    const [px, py] = this.toPx(scene.pinned[0], scene.pinned[1]);
    const fg = '#ffffff';
    // ∇f: direction and a length that grows with |∇f| on a log scale (60 px at |∇f| = 1).
    const [gx, gy] = scene.gradient;
    const n = Math.hypot(gx, gy);
    if (n > 0 && Number.isFinite(n)) {
      const len = Math.max(24, Math.min(110, 60 + 25 * Math.log10(n)));
      ctx.strokeStyle = '#ff5555';
      ctx.fillStyle = '#ff5555';
      ctx.lineWidth = 3;
      arrow(ctx, px, py, px + (gx / n) * len, py - (gy / n) * len, 9);
      this.tag(ctx, '∇f', px + (gx / n) * (len + 12), py - (gy / n) * (len + 12), '#ff5555');
    }
    const [ux, uy] = [Math.cos(scene.angle), Math.sin(scene.angle)];
    ctx.strokeStyle = fg;
    ctx.fillStyle = fg;
    ctx.lineWidth = 2.5;
    arrow(ctx, px, py, px + ux * HANDLE_PX, py - uy * HANDLE_PX, 8);
    ctx.beginPath();
    ctx.arc(px + ux * HANDLE_PX, py - uy * HANDLE_PX, 6, 0, 2 * Math.PI);
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#000000';
    ctx.stroke();
    this.tag(ctx, 'u', px + ux * (HANDLE_PX + 16), py - uy * (HANDLE_PX + 16), fg);
    ctx.beginPath();
    ctx.arc(px, py, 6, 0, 2 * Math.PI);
    ctx.fillStyle = '#ffffff';
    ctx.fill();
    ctx.strokeStyle = '#000000';
    ctx.stroke();
  }

  private tag(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, color: string): void {
    ctx.font = `bold ${Math.round(this.palette.fontSize * 1.05)}px ${this.palette.fontFamily}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.lineWidth = 3;
    ctx.strokeStyle = 'rgba(0,0,0,0.8)';
    ctx.strokeText(text, x, y);
    ctx.fillStyle = color;
    ctx.fillText(text, x, y);
  }

  private handleAt(mx: number, my: number): boolean {
    const s = this.scene;
    if (!s) return false;
    const [px, py] = this.toPx(s.pinned[0], s.pinned[1]);
    return Math.hypot(mx - (px + Math.cos(s.angle) * HANDLE_PX), my - (py - Math.sin(s.angle) * HANDLE_PX)) <= 12;
  }

  private bind(): void {
    const c = this.canvas;
    let mode: 'none' | 'press' | 'pan' | 'angle' = 'none';
    let start: [number, number] = [0, 0];
    let startView: View = this.fitted;
    const pos = (e: PointerEvent | WheelEvent): [number, number] => {
      const r = c.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    };
    c.addEventListener('pointerdown', (e) => {
      const [mx, my] = pos(e);
      mode = this.handleAt(mx, my) ? 'angle' : 'press';
      start = [mx, my];
      startView = this.fitted;
      c.setPointerCapture(e.pointerId);
    });
    c.addEventListener('pointermove', (e) => {
      const [mx, my] = pos(e);
      if (mode === 'angle' && this.scene) {
        const [px, py] = this.toPx(this.scene.pinned[0], this.scene.pinned[1]);
        if (Math.hypot(mx - px, my - py) > 4) this.events.onAngle(Math.atan2(py - my, mx - px));
        return;
      }
      if (mode === 'press' && Math.hypot(mx - start[0], my - start[1]) > 4) mode = 'pan';
      if (mode === 'pan') {
        const sx = (startView.xMax - startView.xMin) / this.width;
        const dx = (mx - start[0]) * sx, dy = (my - start[1]) * sx;
        this.events.onView({ xMin: startView.xMin - dx, xMax: startView.xMax - dx, yMin: startView.yMin + dy, yMax: startView.yMax + dy });
        return;
      }
      this.events.onHover(this.toData(mx, my));
    });
    c.addEventListener('pointerup', (e) => {
      if (mode === 'press') {
        const [mx, my] = pos(e);
        this.events.onPin(this.toData(mx, my));
      }
      mode = 'none';
    });
    c.addEventListener('pointerleave', () => mode === 'none' && this.events.onHover(null));
    c.addEventListener('wheel', (e) => {
      e.preventDefault();
      const [mx, my] = pos(e);
      const [ax, ay] = this.toData(mx, my);
      const f = e.deltaY > 0 ? 1.15 : 1 / 1.15;
      const v = this.fitted;
      this.events.onView({ xMin: ax + (v.xMin - ax) * f, xMax: ax + (v.xMax - ax) * f, yMin: ay + (v.yMin - ay) * f, yMax: ay + (v.yMax - ay) * f });
    }, { passive: false });
    c.addEventListener('dblclick', () => this.events.onView(null));
    c.addEventListener('keydown', (e) => {
      const s = this.scene;
      if (!s) return;
      const step = (this.fitted.xMax - this.fitted.xMin) / 100;
      const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      if (moves[e.key]) {
        e.preventDefault();
        this.events.onPin([s.pinned[0] + moves[e.key][0], s.pinned[1] + moves[e.key][1]]);
      } else if (e.key === '[' || e.key === ']') {
        this.events.onAngle(s.angle + (e.key === '[' ? 1 : -1) * (Math.PI / 36));
      } else if (e.key === '0') {
        this.events.onView(null);
      }
    });
  }
}

/** Pixels far outside the canvas break some canvas implementations: clamp a diverging path's points. */
const clampPx = (v: number) => Math.max(-1e4, Math.min(1e4, v));

function arrow(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number, head: number): void {
  const a = Math.atan2(y1 - y0, x1 - x0);
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - head * Math.cos(a - 0.45), y1 - head * Math.sin(a - 0.45));
  ctx.lineTo(x1 - head * Math.cos(a + 0.45), y1 - head * Math.sin(a + 0.45));
  ctx.closePath();
  ctx.fill();
}

/** The view widened (about its centre) so that x and y get the same pixels per unit. */
export function fitView(view: View, width: number, height: number): View {
  const scale = Math.max((view.xMax - view.xMin) / width, (view.yMax - view.yMin) / height);
  const cx = (view.xMin + view.xMax) / 2, cy = (view.yMin + view.yMax) / 2;
  return { xMin: cx - (scale * width) / 2, xMax: cx + (scale * width) / 2, yMin: cy - (scale * height) / 2, yMax: cy + (scale * height) / 2 };
}
