/**
 * markdown-it's inline `text` rule, found by one regular expression search instead of a
 * character-by-character loop, and stopping only where one of our inline rules can start.
 * Property-tested to give the same tokens as markdown-it's own rule (test/unit/perf/text-rule.test.ts,
 * test/unit/perf/hot-path.test.ts).
 *
 * markdown-it stops its text rule at 23 characters, some reserved for plugins. Where no rule starts,
 * the parser appends that one character to the pending text and resumes the text rule: the tokens
 * are the same whether the run stops there or not, but each stop costs a call to every inline rule.
 * With our options (no linkify, no typographer, no plugins), a rule can start only at:
 *   \n newline · \ escape · ` backticks · ~ strikethrough · * _ emphasis · [ link · ] end of a link
 *   label (parseLinkLabel looks for it between skipToken calls) · ! image · < autolink, raw HTML ·
 *   & entity.
 * The others (# $ % + - : = > @ ^ { }) are frequent in news (dates, times, percentages, hyphens):
 * about a quarter less inline parse time on such text. Enabling linkify (`:`) or a plugin that
 * uses another character means adding it here.
 *
 * The search may look past `posMax` (it stops at the first terminator); where markdown-it narrows
 * `posMax` (link labels), the character there is `]`, a terminator, so it never scans further.
 */
import type StateInline from "markdown-it/lib/rules_inline/state_inline.mjs";

/** A run of anything but those characters; sticky: `test` leaves `lastIndex` at the run's end. */
const TEXT_RUN = /[^\n\\`~*_[\]!<&]+/y;

export function scanText(state: StateInline, silent: boolean): boolean {
  const start = state.pos;
  const max = state.posMax;
  TEXT_RUN.lastIndex = start;
  if (!TEXT_RUN.test(state.src)) return false;
  const end = Math.min(TEXT_RUN.lastIndex, max);
  if (!silent) state.pending += state.src.slice(start, end);
  state.pos = end;
  return true;
}
