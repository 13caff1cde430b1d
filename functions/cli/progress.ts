import type { CliIo } from "./io.js";

export interface Progress {
  /** Advance by `n` (default 1). Redraws at most every 100 ms on a terminal. */
  tick(n?: number): void;
  /** Finish the bar (clears the line on a terminal). */
  done(): void;
}

/**
 * A progress line on stderr for long work. Silent when stderr is not a terminal or for small
 * totals, so CI logs and `--json` output stay clean.
 */
export function createProgress(io: CliIo, label: string, total: number, minTotal = 500): Progress {
  if (!io.isTty || total < minTotal) return { tick() {}, done() {} };
  let count = 0;
  let last = 0;
  const draw = () => {
    const pct = Math.floor((count / total) * 100);
    io.stderr(`\r${label} ${count}/${total} (${pct}%)`);
  };
  return {
    tick(n = 1) {
      count += n;
      const t = Date.now();
      if (t - last >= 100 || count >= total) {
        last = t;
        draw();
      }
    },
    done() {
      io.stderr("\r\x1b[2K");
    },
  };
}
