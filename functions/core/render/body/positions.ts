/** Line/column positions within an article body, for problems an editor can jump to. */

const LINE_BREAK = /\r\n|\r|\n/;

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based, UTF-16 code units. */
  column: number;
}

/** Finds where a token's text sits in the body, lazily splitting it into lines. */
export class Locator {
  private lines: string[] | undefined;
  constructor(private readonly body: string) {}

  private getLines(): string[] {
    this.lines ??= this.body.split(LINE_BREAK);
    return this.lines;
  }

  /** Position of `needle` within lines [start, end) (0-based), else the first line's start. */
  find(map: [number, number] | null | undefined, needles: string[]): Position {
    const start = map?.[0] ?? 0;
    const end = Math.max(map?.[1] ?? start + 1, start + 1);
    const lines = this.getLines();
    for (const needle of needles) {
      if (!needle) continue;
      for (let l = start; l < end && l < lines.length; l++) {
        const at = lines[l]?.indexOf(needle) ?? -1;
        if (at >= 0) return { line: l + 1, column: at + 1 };
      }
    }
    return { line: start + 1, column: 1 };
  }

  /** Position of a UTF-16 index within the body. */
  at(index: number): Position {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < index; i++) {
      const c = this.body.charCodeAt(i);
      if (c === 0x0a || (c === 0x0d && this.body.charCodeAt(i + 1) !== 0x0a)) {
        line++;
        lineStart = i + 1;
      }
    }
    return { line, column: index - lineStart + 1 };
  }
}
