/**
 * The loss of a real network on a 2-D slice through its parameters, computed by the page's web
 * worker (with progress and cancel) and drawn as filled contours with the training trajectory.
 */
import { bands, contourLevels } from '../../landscape/contours';
import type { NetworkSliceRequest, NetworkSliceResult, SliceBasis } from '../../landscape/networkSlice';
import { bandPalette, paintBands, upsample } from '../../landscape/raster';
import type { FromLandscapeWorker, ToLandscapeWorker } from '../../protocol';
import { formatNumber } from '../../charts/chartModel';
import { t } from '../common/l10n';

const SIZE = 360;

export class NetworkView {
  private worker: Worker | undefined;
  private jobId = 0;
  private running = false;
  private result: NetworkSliceResult | undefined;
  private request: NetworkSliceRequest | undefined;
  private waiters: Array<(r: NetworkSliceResult | undefined) => void> = [];
  private readonly title: HTMLElement;
  private readonly status: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly legend: HTMLElement;
  private readonly basis: HTMLSelectElement;
  private readonly compute: HTMLButtonElement;
  private readonly cancel: HTMLButtonElement;

  constructor(private readonly host: HTMLElement, private readonly workerUrl: () => Promise<string>, private readonly onBasis: (request: NetworkSliceRequest) => void) {
    this.title = document.createElement('h2');
    const intro = document.createElement('p');
    intro.textContent = t('The loss at θ* + a·δ + b·η around the trained parameters θ*: δ and η are random directions, filter-normalized as in Li et al. 2018 (each unit\'s weights scaled to the norm of its trained weights), or the two principal directions of the training trajectory. The white line is the training run projected onto the slice; the ring is θ*.');
    intro.className = 'muted';
    const bar = document.createElement('div');
    bar.className = 'race-bar';
    this.basis = document.createElement('select');
    this.basis.id = 'network-basis';
    for (const [value, label] of [['random', t('filter-normalized random directions')], ['pca', t('principal directions of the trajectory')]] as const) {
      const o = document.createElement('option');
      o.value = value;
      o.textContent = label;
      this.basis.append(o);
    }
    this.basis.addEventListener('change', () => {
      if (this.request) this.onBasis({ ...this.request, basis: this.basis.value as SliceBasis });
    });
    this.compute = document.createElement('button');
    this.compute.type = 'button';
    this.compute.id = 'network-compute';
    this.compute.textContent = t('Compute');
    this.compute.addEventListener('click', () => this.request && this.start(this.request));
    this.cancel = document.createElement('button');
    this.cancel.type = 'button';
    this.cancel.id = 'network-cancel';
    this.cancel.className = 'secondary';
    this.cancel.textContent = t('Cancel');
    this.cancel.addEventListener('click', () => this.stop());
    bar.append(this.basis, this.compute, this.cancel);
    this.status = document.createElement('p');
    this.status.id = 'network-status';
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'network-plane';
    this.canvas.width = SIZE;
    this.canvas.height = SIZE;
    this.legend = document.createElement('p');
    this.legend.className = 'legend muted';
    host.append(this.title, intro, bar, this.status, this.canvas, this.legend);
  }

  /** Shows `request`'s slice: computes it in the worker (cancelling any running one). */
  show(request: NetworkSliceRequest): void {
    this.host.hidden = false;
    this.request = request;
    this.basis.value = request.basis;
    this.title.textContent = t('Loss landscape of {0}', request.configPath.split(/[\\/]/).pop() ?? request.configPath);
    this.start(request);
  }

  get statusText(): string {
    return this.status.textContent ?? '';
  }

  get done(): boolean {
    return !this.running && this.result !== undefined;
  }

  /** The result once the running computation ends (undefined when it failed or was cancelled). */
  whenDone(): Promise<NetworkSliceResult | undefined> {
    if (!this.running) return Promise.resolve(this.result);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  dispose(): void {
    this.worker?.terminate();
  }

  private async start(request: NetworkSliceRequest): Promise<void> {
    this.stop();
    // Running from here on (before the worker script has loaded), so whenDone() waits for this job.
    const jobId = ++this.jobId;
    this.running = true;
    this.result = undefined;
    this.setBusy(true);
    this.status.textContent = t('Training the network…');
    try {
      const worker = this.worker ?? (this.worker = new Worker(await this.workerUrl()));
      worker.onmessage = (e: MessageEvent<FromLandscapeWorker>) => this.receive(e.data);
      if (jobId !== this.jobId || !this.running) return;
      const message: ToLandscapeWorker = { type: 'slice', jobId, request };
      worker.postMessage(message);
    } catch (e) {
      this.receive({ type: 'failed', jobId, message: e instanceof Error ? e.message : String(e) });
    }
  }

  private stop(): void {
    if (!this.running) return;
    const message: ToLandscapeWorker = { type: 'cancel', jobId: this.jobId };
    this.worker?.postMessage(message);
    this.running = false;
    this.setBusy(false);
    this.status.textContent = t('Cancelled.');
    this.settle();
  }

  private setBusy(busy: boolean): void {
    this.compute.disabled = busy;
    this.cancel.disabled = !busy;
  }

  private settle(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w(this.result);
  }

  private receive(m: FromLandscapeWorker): void {
    if (m.jobId !== this.jobId || !this.running) return;
    if (m.type === 'progress') {
      this.status.textContent = m.phase === 'training'
        ? t('Training the network… step {0} of {1}', m.done, m.total)
        : t('Computing the loss on the grid… row {0} of {1}', m.done, m.total);
      return;
    }
    this.running = false;
    this.setBusy(false);
    if (m.type === 'failed') {
      this.status.textContent = t('The slice could not be computed: {0}', m.message);
    } else {
      this.result = m.result;
      const r = m.result;
      this.status.textContent = t('{0} × {0} losses in {1} s: {2} parameters, trained {3} steps, loss over the first {4} training samples; at θ* the loss is {5}.',
        r.gridSize, (m.computeMs / 1000).toFixed(1), r.parameterCount, r.steps, r.samples, formatNumber(r.centerLoss, 4))
        + (r.explained ? ' ' + t('The two directions explain {0} % and {1} % of the trajectory\'s spread.', (r.explained[0] * 100).toFixed(1), (r.explained[1] * 100).toFixed(1)) : '');
      this.draw(r);
    }
    this.settle();
  }

  private draw(r: NetworkSliceResult): void {
    const fine = upsample(r.values, r.gridSize, 8);
    const levels = contourLevels(fine.values, 14);
    const b = bands(fine.values, levels.levels);
    const image = new ImageData(fine.size, fine.size);
    paintBands(b, fine.size, fine.size, bandPalette(levels.levels.length - 1), image.data);
    const small = document.createElement('canvas');
    small.width = fine.size;
    small.height = fine.size;
    small.getContext('2d')!.putImageData(image, 0, 0);
    const ctx = this.canvas.getContext('2d')!;
    ctx.clearRect(0, 0, SIZE, SIZE);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(small, 0, 0, SIZE, SIZE);
    this.legend.textContent = t('Colours: loss from {0} (dark purple) to {1} (yellow), {2} bands; a and b run from −{3} to {3}.',
      formatNumber(levels.min, 4), formatNumber(levels.max, 4), levels.scale === 'log' ? t('log-spaced') : t('evenly spaced'), r.span);
    // The image spans the grid's points edge to edge: a = −span at the left, +span at the right.
    const toPx = (a: number, bb: number): [number, number] => [
      ((a / r.span + 1) / 2) * SIZE,
      ((1 - bb / r.span) / 2) * SIZE,
    ];
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 2;
    ctx.beginPath();
    r.trajectory.forEach(([a, bb], i) => {
      const [x, y] = toPx(a, bb);
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    });
    ctx.stroke();
    const [sx, sy] = toPx(r.trajectory[0][0], r.trajectory[0][1]);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(sx - 4, sy - 4, 8, 8);
    const [cx, cy] = toPx(0, 0);
    ctx.beginPath();
    ctx.arc(cx, cy, 7, 0, 2 * Math.PI);
    ctx.lineWidth = 3;
    ctx.strokeStyle = '#000000';
    ctx.stroke();
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#ffffff';
    ctx.stroke();
  }
}
