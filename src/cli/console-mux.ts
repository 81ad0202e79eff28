// Several consoles on one terminal: each source's bytes are cut into lines
// and printed with the source's label, so output of different cells never
// mixes within a line. Sources may be renamed (a UART changes hands when a
// cell takes it) without losing a partial line.

export type LineSink = (label: string, line: string) => void;

export class ConsoleMux {
  private readonly partial = new Map<string, string>();
  private readonly labels = new Map<string, string>();

  constructor(private readonly sink: LineSink) {}

  /** Shows `source` under `label` from now on. */
  setLabel(source: string, label: string): void { this.labels.set(source, label); }

  labelOf(source: string): string { return this.labels.get(source) ?? source; }

  write(source: string, bytes: Uint8Array): void {
    let text = (this.partial.get(source) ?? '') + Buffer.from(bytes).toString('latin1');
    let nl: number;
    while ((nl = text.indexOf('\n')) >= 0) {
      this.sink(this.labelOf(source), text.slice(0, nl).replace(/\r$/, ''));
      text = text.slice(nl + 1);
    }
    this.partial.set(source, text);
  }

  /** Prints what is left of unfinished lines. */
  flush(): void {
    for (const [source, text] of this.partial) if (text !== '') this.sink(this.labelOf(source), text);
    this.partial.clear();
  }
}

/** Virtual time as seconds with nanosecond digits, for log lines. */
export function formatTime(ns: number): string {
  ns = Math.round(ns);
  const s = Math.floor(ns / 1e9);
  return `${s}.${String(ns - s * 1e9).padStart(9, '0')}`;
}
