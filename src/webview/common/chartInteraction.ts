/**
 * Pan, zoom and keyboard control for LineChart. The pointer: drag pans, the wheel zooms around the
 * pointer (Shift+drag box-zoom and double-click reset are uPlot's own, wired in chart.ts). The
 * keyboard: ←/→ move the readout cursor (Home/End: first/last point), Shift+←/→ pan, +/− zoom,
 * 0 resets, Escape hides the cursor. Range requests are coalesced to one per animation frame, because
 * the owner may re-sample the data for each one.
 */

import type uPlot from 'uplot';
import { panRange, zoomRange } from '../../charts/chartModel';

export type RangeRequest = readonly [number, number];

export interface InteractionTarget {
  plot(): uPlot | undefined;
  xLog(): boolean;
  range(): readonly [number, number];
  request(range: RangeRequest): void;
  reset(): void;
  /** Move the cursor by `delta` strides; ±Infinity jumps to the ends. */
  step(delta: number): void;
  hideCursor(): void;
}

export function bindInteraction(host: HTMLElement, t: InteractionTarget): () => void {
  let pending: RangeRequest | undefined;
  let frame = 0;
  const request = (r: RangeRequest) => {
    pending = r;
    if (!frame) {
      frame = requestAnimationFrame(() => {
        frame = 0;
        if (pending) t.request(pending);
        pending = undefined;
      });
    }
  };

  let drag: { startX: number; range: RangeRequest; width: number } | undefined;
  const onMouseDown = (e: MouseEvent) => {
    const plot = t.plot();
    if (!plot || e.button !== 0 || e.shiftKey || !plot.over.contains(e.target as Node)) return;
    drag = { startX: e.clientX, range: t.range(), width: Math.max(1, plot.over.clientWidth) };
    host.classList.add('gl-panning');
    e.preventDefault();
  };
  const onMouseMove = (e: MouseEvent) => {
    if (!drag) return;
    request(panRange(drag.range, -(e.clientX - drag.startX) / drag.width, t.xLog()));
  };
  const onMouseUp = () => {
    drag = undefined;
    host.classList.remove('gl-panning');
  };
  const onWheel = (e: WheelEvent) => {
    const plot = t.plot();
    if (!plot || !plot.over.contains(e.target as Node)) return;
    e.preventDefault();
    const rect = plot.over.getBoundingClientRect();
    const anchor = plot.posToVal(e.clientX - rect.left, 'x');
    const notches = Math.max(-5, Math.min(5, e.deltaY / (e.deltaMode === 1 ? 3 : 100)));
    request(zoomRange(pending ?? t.range(), anchor, Math.pow(1.2, notches), t.xLog()));
  };
  const onKey = (e: KeyboardEvent) => {
    const r = t.range();
    const plot = t.plot();
    const cursorLeft = plot?.cursor.left ?? -1;
    const anchor = plot && cursorLeft >= 0 ? plot.posToVal(cursorLeft, 'x') : t.xLog() ? Math.sqrt(r[0] * r[1]) : (r[0] + r[1]) / 2;
    let handled = true;
    switch (e.key) {
      case 'ArrowLeft':
        if (e.shiftKey) request(panRange(r, -0.1, t.xLog()));
        else t.step(-1);
        break;
      case 'ArrowRight':
        if (e.shiftKey) request(panRange(r, 0.1, t.xLog()));
        else t.step(1);
        break;
      case 'Home':
        t.step(-Infinity);
        break;
      case 'End':
        t.step(Infinity);
        break;
      case '+':
      case '=':
        request(zoomRange(r, anchor, 1 / 1.25, t.xLog()));
        break;
      case '-':
      case '_':
        request(zoomRange(r, anchor, 1.25, t.xLog()));
        break;
      case '0':
        t.reset();
        break;
      case 'Escape':
        t.hideCursor();
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  };

  host.addEventListener('mousedown', onMouseDown);
  window.addEventListener('mousemove', onMouseMove);
  window.addEventListener('mouseup', onMouseUp);
  host.addEventListener('wheel', onWheel, { passive: false });
  host.addEventListener('keydown', onKey);
  return () => {
    if (frame) cancelAnimationFrame(frame);
    host.removeEventListener('mousedown', onMouseDown);
    window.removeEventListener('mousemove', onMouseMove);
    window.removeEventListener('mouseup', onMouseUp);
    host.removeEventListener('wheel', onWheel);
    host.removeEventListener('keydown', onKey);
  };
}
