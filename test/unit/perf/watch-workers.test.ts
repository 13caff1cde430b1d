import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { MIN_SHARED_FILES } from "../../../functions/cli/load-workers.js";
import { WATCH_SHARED_MAX, watchWorkerCount } from "../../../functions/cli/watch.js";

const defaultWorkers = Math.min(3, availableParallelism() - 1);

describe("the watcher's load workers", () => {
  it("loads small edits on its own thread, mid-size sites as `feedpub build` does", () => {
    expect(watchWorkerCount(1, {})).toBe(0);
    expect(watchWorkerCount(MIN_SHARED_FILES - 1, {})).toBe(0);
    expect(watchWorkerCount(MIN_SHARED_FILES, {})).toBe(defaultWorkers);
    expect(watchWorkerCount(WATCH_SHARED_MAX - 1, {})).toBe(defaultWorkers);
  });

  it("keeps large loads on one thread (memory), unless FEEDPUB_WORKERS asks otherwise", () => {
    expect(watchWorkerCount(WATCH_SHARED_MAX, {})).toBe(0);
    expect(watchWorkerCount(50_000, {})).toBe(0);
    expect(watchWorkerCount(50_000, { FEEDPUB_WORKERS: "2" })).toBe(2);
    expect(watchWorkerCount(10_000, { FEEDPUB_WORKERS: "0" })).toBe(0);
    expect(watchWorkerCount(10_000, { FEEDPUB_WORKERS: "" })).toBe(defaultWorkers);
  });
});
