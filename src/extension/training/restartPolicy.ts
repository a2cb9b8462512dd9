/**
 * When to restart training as a config file changes. Pure (no vscode): the live loop feeds it every
 * save and edit with the text and, when the text validates, what to run; it answers by calling
 * `restart` at most once per burst at the leading edge and once at the trailing edge.
 *
 * - A valid save in a quiet period restarts at once (the first result appears immediately).
 * - Every further save or edit within `debounceMs` of the previous event joins the burst; when the
 *   burst goes quiet, the last VALID text of the burst restarts, unless it is what already ran.
 * - Edits alone never restart at once: half-typed JSON is rarely valid, so they wait for the pause.
 * - Invalid text never restarts anything: the last good run keeps going.
 * - An event for another file ends the previous file's burst without running it.
 *
 * So 20 saves in a second end in exactly one run of the last valid content.
 */

export type RestartTrigger = 'save' | 'edit';

export interface RestartEvent<T> {
  /** Identifies the file (its URI). */
  readonly key: string;
  readonly text: string;
  /** What a restart runs (the checked config, with its file) when the text is valid; undefined when it is not. */
  readonly run: T | undefined;
  readonly trigger: RestartTrigger;
}

/** Injected so tests drive time by hand. */
export interface PolicyTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export class RestartPolicy<T> {
  private timer: unknown = undefined;
  private burstKey: string | undefined;
  private latestValid: { readonly text: string; readonly run: T } | undefined;
  private lastRestarted: string | undefined;

  constructor(
    private readonly timers: PolicyTimers,
    private readonly debounceMs: () => number,
    private readonly restart: (run: T) => void,
  ) {}

  /** True while a burst is open (a timer is pending). */
  get pending(): boolean {
    return this.timer !== undefined;
  }

  handle(event: RestartEvent<T>): void {
    if (this.burstKey !== undefined && this.burstKey !== event.key) this.cancel();
    const inBurst = this.burstKey !== undefined;
    this.burstKey = event.key;
    if (event.run !== undefined) this.latestValid = { text: event.text, run: event.run };
    if (event.trigger === 'save' && event.run !== undefined && (!inBurst || this.lastRestarted === undefined)) {
      this.fire(event.text, event.run);
    }
    this.arm();
  }

  /** Ends the current burst without running anything (file closed, feature disposed, run stopped). */
  cancel(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    this.burstKey = undefined;
    this.latestValid = undefined;
    this.lastRestarted = undefined;
  }

  private arm(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = this.timers.set(() => this.settle(), Math.max(0, this.debounceMs()));
  }

  private settle(): void {
    this.timer = undefined;
    const latest = this.latestValid;
    const already = this.lastRestarted;
    this.cancel();
    if (latest !== undefined && latest.text !== already) this.restart(latest.run);
  }

  private fire(text: string, run: T): void {
    this.lastRestarted = text;
    this.restart(run);
  }
}
