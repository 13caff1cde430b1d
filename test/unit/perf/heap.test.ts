import { describe, expect, it } from "vitest";
import { COLLECT_ABOVE_BYTES, collectIfLarge } from "../../../functions/cli/heap.js";

describe("collectIfLarge", () => {
  it("does nothing while the heap in use is under the threshold", () => {
    let asked = 0;
    const heapUsed = () => {
      asked++;
      return COLLECT_ABOVE_BYTES - 1;
    };
    expect(collectIfLarge(COLLECT_ABOVE_BYTES, heapUsed)).toBe(false);
    expect(asked).toBe(1);
  });

  it("runs a full collection above it: unreachable garbage leaves the heap", () => {
    let garbage: string[] | undefined = [];
    // ~40 MB of strings that survive a scavenge while referenced, then become unreachable.
    for (let i = 0; i < 200_000; i++) garbage.push(`${i}`.repeat(100));
    const withGarbage = process.memoryUsage().heapUsed;
    garbage = undefined;
    expect(garbage).toBeUndefined();
    expect(collectIfLarge(0)).toBe(true);
    const after = process.memoryUsage().heapUsed;
    expect(withGarbage - after).toBeGreaterThan(20 * 1024 * 1024);
  });
});
