import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../../functions/cli/commands/build.js";
import { writeCorpus } from "../../../scripts/bench/corpus.js";
import { recordingIo, snapshotTree } from "./helpers.js";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "feedpub-progress-"));
  await writeCorpus(join(dir, "content"), { articles: 600, seed: 7 });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("feedpub build on a large corpus", () => {
  it("shows rendering and writing progress on a terminal, and none in --json or off a terminal", async () => {
    const io = recordingIo(dir);
    Object.assign(io, { isTty: true });
    expect(await run([], io)).toBe(0);
    expect(io.stderrText()).toMatch(/\rfeedpub build: rendering \d+\/600/);
    expect(io.stderrText()).toMatch(/\rfeedpub build: writing \d+\/\d+/);
    expect(io.stdoutText()).toMatch(/articles\s+600 published/);
    expect((await snapshotTree(join(dir, "dist", "articles"))).size).toBe(600);

    const quiet = recordingIo(dir);
    expect(await run(["--json", "--out", "dist2"], quiet)).toBe(0);
    expect(quiet.stderrText()).toBe("");
    expect(JSON.parse(quiet.stdoutText()).written.length).toBeGreaterThan(600);
  });
});
