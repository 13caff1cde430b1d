/**
 * A full garbage collection between the phases of a large build.
 *
 * V8 collects the old generation when it has grown by a factor since the last collection, not when
 * a phase ends: at 50,000 articles the load leaves ~100 MB of garbage (token streams, front-matter
 * text) that is still on the heap when the writes and the render-cache save allocate theirs, and
 * the peak RSS depended on when V8 happened to collect (383–413 MiB in repeated runs, measured).
 * Collecting before those phases, only when the heap is large, kept the peak at 353–360 MiB for
 * ~80–165 ms per collection; below the threshold (every corpus up to ~20,000 articles) nothing
 * happens.
 *
 * Node exposes no collector without `--expose-gc`; turning that flag on at run time and reading
 * `gc` from a new context is how jest's leak detector does it. When a runtime refuses (a future
 * V8 that freezes its flags), this quietly does nothing: it only shapes the memory curve.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Heap in use (bytes) above which a collection between phases is worth its time. */
export const COLLECT_ABOVE_BYTES = 192 * 1024 * 1024;

let collector: (() => void) | null | undefined;

function exposedCollector(): (() => void) | null {
  const global = (globalThis as { gc?: unknown }).gc;
  if (typeof global === "function") return global as () => void;
  try {
    setFlagsFromString("--expose-gc");
    const gc: unknown = runInNewContext("gc");
    return typeof gc === "function" ? (gc as () => void) : null;
  } catch {
    return null;
  }
}

/**
 * Runs a full collection when more than `threshold` bytes of heap are in use; returns whether it
 * did. `heapUsed` is injectable for tests.
 */
export function collectIfLarge(
  threshold = COLLECT_ABOVE_BYTES,
  heapUsed: () => number = () => process.memoryUsage().heapUsed,
): boolean {
  if (heapUsed() < threshold) return false;
  if (collector === undefined) collector = exposedCollector();
  if (!collector) return false;
  collector();
  return true;
}
