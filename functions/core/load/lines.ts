/** Offsets to 1-based line and column (UTF-16 code units, as editors and CI annotations count them). */
export interface Position {
  line: number;
  column: number;
}

export class LineIndex {
  #starts: number[] | undefined;

  constructor(readonly text: string) {}

  #lineStarts(): number[] {
    if (!this.#starts) {
      const starts = [0];
      const text = this.text;
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
      this.#starts = starts;
    }
    return this.#starts;
  }

  /** Position of `offset` (clamped to the text). */
  position(offset: number): Position {
    const starts = this.#lineStarts();
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - starts[lo]! + 1 };
  }
}
