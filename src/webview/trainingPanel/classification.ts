/**
 * The training panel's MNIST section: a grid of misclassified test digits with their true and
 * predicted labels, and the confusion matrix (true label by row, prediction by column) as a table
 * whose cells are shaded by count. Drawn only when the run sent a ClassificationReport.
 */

import type { ClassificationReport } from '../../protocol';
import { t } from '../common/l10n';

const DIGIT_SIZE = 28;

/** Decodes 28x28 grayscale bytes (base64) into RGBA, ink dark on light like paper. */
export function digitImage(pixelsBase64: string): ImageData {
  const bytes = Uint8Array.from(atob(pixelsBase64), (c) => c.charCodeAt(0));
  const image = new ImageData(DIGIT_SIZE, DIGIT_SIZE);
  for (let i = 0; i < DIGIT_SIZE * DIGIT_SIZE; i++) {
    const ink = 255 - (bytes[i] ?? 0);
    image.data[4 * i] = ink;
    image.data[4 * i + 1] = ink;
    image.data[4 * i + 2] = ink;
    image.data[4 * i + 3] = 255;
  }
  return image;
}

export class ClassificationView {
  readonly element = document.createElement('section');
  private readonly digits = document.createElement('div');
  private readonly matrix = document.createElement('table');
  private shown: ClassificationReport | undefined;

  constructor() {
    this.element.className = 'live-section classification';
    this.element.dataset.chart = 'classification';
    const digitsTitle = document.createElement('h3');
    digitsTitle.textContent = t('Misclassified test digits');
    this.digits.className = 'digit-grid';
    this.digits.setAttribute('role', 'list');
    const matrixTitle = document.createElement('h3');
    matrixTitle.textContent = t('Confusion matrix');
    this.matrix.className = 'confusion';
    const digitsBlock = document.createElement('div');
    digitsBlock.append(digitsTitle, this.digits);
    const matrixBlock = document.createElement('div');
    matrixBlock.append(matrixTitle, this.matrix);
    this.element.append(digitsBlock, matrixBlock);
    this.element.hidden = true;
  }

  update(report: ClassificationReport | undefined): void {
    if (report === this.shown) return;
    this.shown = report;
    this.element.hidden = !report;
    if (!report) return;
    this.renderDigits(report);
    this.renderMatrix(report);
  }

  private renderDigits(report: ClassificationReport): void {
    const cells = report.misclassified.map((m) => {
      const figure = document.createElement('figure');
      figure.setAttribute('role', 'listitem');
      const canvas = document.createElement('canvas');
      canvas.width = DIGIT_SIZE;
      canvas.height = DIGIT_SIZE;
      canvas.getContext('2d')?.putImageData(digitImage(m.pixels), 0, 0);
      const caption = document.createElement('figcaption');
      caption.textContent = `${m.label} → ${m.predicted}`;
      figure.setAttribute('aria-label', t('A {0} predicted as {1}', m.label, m.predicted));
      figure.append(canvas, caption);
      return figure;
    });
    if (cells.length === 0) {
      const none = document.createElement('p');
      none.className = 'muted';
      none.textContent = t('No misclassified digits in the test set.');
      this.digits.replaceChildren(none);
    } else this.digits.replaceChildren(...cells);
  }

  private renderMatrix(report: ClassificationReport): void {
    const n = report.classes;
    const counts = report.confusion;
    const max = Math.max(1, ...counts);
    const caption = document.createElement('caption');
    caption.textContent = t('Rows: true label. Columns: predicted label.');
    const head = document.createElement('tr');
    head.append(document.createElement('th'));
    for (let c = 0; c < n; c++) head.append(Object.assign(document.createElement('th'), { scope: 'col', textContent: String(c) }));
    const rows = [head];
    for (let r = 0; r < n; r++) {
      const tr = document.createElement('tr');
      tr.append(Object.assign(document.createElement('th'), { scope: 'row', textContent: String(r) }));
      for (let c = 0; c < n; c++) {
        const count = counts[r * n + c] ?? 0;
        const td = document.createElement('td');
        td.textContent = String(count);
        td.className = r === c ? 'diagonal' : count > 0 ? 'off' : 'zero';
        // Shade by share of the largest count: the colour comes from CSS, the strength from here.
        td.style.setProperty('--share', String(count / max));
        td.title = t('true {0}, predicted {1}: {2}', r, c, count);
        tr.append(td);
      }
      rows.push(tr);
    }
    this.matrix.replaceChildren(caption, ...rows);
  }
}
