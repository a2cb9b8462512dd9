/** A one-line progress bar for a terminal, redrawn in place at most every 100 ms. */
export class ProgressBar {
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly write: (text: string) => void, private readonly total: number, private readonly width = 30) {}

  update(step: number, text: string, force = false): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const done = Math.max(0, Math.min(1, step / this.total));
    const filled = Math.round(done * this.width);
    this.write(`\r[${'#'.repeat(filled)}${'-'.repeat(this.width - filled)}] ${step}/${this.total} ${text}\x1b[K`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.write('\r\x1b[K');
    this.drawn = false;
  }
}
