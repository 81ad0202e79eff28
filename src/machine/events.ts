// Timed events in virtual time. Ordered by (time, insertion order) so that
// the same inputs always fire events in the same order.

export interface TimedEvent {
  time: number;
  seq: number;
  fire: () => void;
  cancelled: boolean;
}

export class EventQueue {
  private heap: TimedEvent[] = [];
  private seq = 0;

  get size(): number { return this.heap.length; }

  /** Time of the earliest pending event, or Infinity. */
  nextTime(): number {
    while (this.heap.length > 0 && this.heap[0].cancelled) this.pop();
    return this.heap.length > 0 ? this.heap[0].time : Infinity;
  }

  schedule(time: number, fire: () => void): TimedEvent {
    const ev: TimedEvent = { time, seq: this.seq++, fire, cancelled: false };
    const h = this.heap;
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
    return ev;
  }

  cancel(ev: TimedEvent | null | undefined): void {
    if (ev) ev.cancelled = true;
  }

  /** Fires every event due at or before `now`, in order. */
  runDue(now: number): void {
    for (;;) {
      const t = this.nextTime();
      if (t > now) return;
      const ev = this.pop();
      ev.fire();
    }
  }

  private pop(): TimedEvent {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

function before(a: TimedEvent, b: TimedEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
