/** A one-line progress display on stderr, redrawn at most ten times a second. Only used on a terminal. */
export class Progress {
  private readonly label: string;
  private readonly started = performance.now();
  private last = 0;

  constructor(label: string) {
    this.label = label;
  }

  /** Shows spans read, spans written and traces decided so far. */
  update(spansIn: number, spansOut: number, traces: number): void {
    const now = performance.now();
    if (now - this.last < 100) return;
    this.last = now;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(spansIn / seconds) : 0;
    const kept = spansIn > 0 ? ((100 * spansOut) / spansIn).toFixed(1) : '0.0';
    process.stderr.write(
      `\r${this.label}: ${traces.toLocaleString()} traces, ${spansIn.toLocaleString()} spans in, ${kept}% out, ${rate.toLocaleString()} spans/s `,
    );
  }

  /** Clears the line. */
  done(): void {
    process.stderr.write('\r\x1b[K');
  }
}
