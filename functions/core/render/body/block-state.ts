/**
 * Two markdown-it start-up passes made cheaper, with the same results (property-tested against
 * markdown-it's own in test/unit/perf/block-state.test.ts):
 *
 * - The block state's line table (bMarks, eMarks, tShift, sCount, bsCount). markdown-it's
 *   constructor visits every character of the body in JavaScript; this one finds line ends with
 *   `indexOf("\n")` and only visits each line's leading spaces and tabs.
 * - The `normalize` core rule (CR and CRLF → LF, NUL → U+FFFD). markdown-it always runs two
 *   global replaces, which rebuild the string even when nothing matches; this one skips them when
 *   the source holds neither character: the caller may say so in `env` (renderBody's one scan of
 *   the body tells it), else one regex test decides.
 */
import type MarkdownIt from "markdown-it";
import type StateBlock from "markdown-it/lib/rules_block/state_block.mjs";
import type StateCore from "markdown-it/lib/rules_core/state_core.mjs";

type StateBlockClass = typeof StateBlock;

/** A block state class whose constructor builds markdown-it's line table faster. */
export function fastBlockState(Base: StateBlockClass): StateBlockClass {
  return class FastStateBlock extends Base {
    constructor(src: string, md: MarkdownIt, env: unknown, tokens: StateBlock["tokens"]) {
      // The base constructor over "" sets every other field as markdown-it does.
      super("", md, env, tokens);
      this.src = src;
      const bMarks: number[] = [];
      const eMarks: number[] = [];
      const tShift: number[] = [];
      const sCount: number[] = [];
      const bsCount: number[] = [];
      const len = src.length;
      let start = 0;
      while (start < len) {
        let pos = start;
        let indent = 0;
        let offset = 0;
        let ch = src.charCodeAt(pos);
        while (ch === 0x20 || ch === 0x09) {
          indent++;
          offset += ch === 0x09 ? 4 - (offset % 4) : 1;
          ch = src.charCodeAt(++pos);
        }
        // A last line of only spaces and tabs gets no entry of its own (as in markdown-it).
        if (pos >= len) break;
        const newline = src.indexOf("\n", pos);
        const end = newline === -1 ? len : newline;
        bMarks.push(start);
        eMarks.push(end);
        tShift.push(indent);
        sCount.push(offset);
        bsCount.push(0);
        start = end + 1;
      }
      bMarks.push(len);
      eMarks.push(len);
      tShift.push(0);
      sCount.push(0);
      bsCount.push(0);
      this.bMarks = bMarks;
      this.eMarks = eMarks;
      this.tShift = tShift;
      this.sCount = sCount;
      this.bsCount = bsCount;
      this.lineMax = bMarks.length - 1;
    }
  };
}

/** Set on a parse's `env` when its source holds no CR and no NUL: normalising it changes nothing. */
export const NORMALIZED = Symbol("feedpub.normalized");

const CR_OR_NUL = /[\r\0]/;
const NEWLINES = /\r\n?|\n/g;
const NUL = /\0/g;

/** markdown-it's `normalize` core rule, skipped when the source needs nothing. */
export function normalize(state: StateCore): void {
  if ((state.env as { [NORMALIZED]?: boolean } | undefined)?.[NORMALIZED] === true) return;
  if (!CR_OR_NUL.test(state.src)) return;
  state.src = state.src.replace(NEWLINES, "\n").replace(NUL, "\uFFFD");
}
