/**
 * Content listings longer than one ListObjectsV2 page (S3 pages at 1,000 keys): every page is read.
 * s3rver pages only under `--openssl-legacy-provider` on Node ≥ 17, so the probe runs in a child.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const PROBE = fileURLToPath(new URL("./paging-probe.ts", import.meta.url));

describe("reading the content bucket", () => {
  it("follows continuation tokens across listing pages", async () => {
    const { stdout } = await run(process.execPath, ["--openssl-legacy-provider", "--import", "tsx", PROBE], {
      cwd: fileURLToPath(new URL("../../../", import.meta.url)),
      encoding: "utf8",
    });
    const read = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
    // site.yaml first, then articles in key order; notes.txt and quarantine/ are not content.
    expect(read.files).toEqual([
      ["site.yaml", "text of site.yaml", true],
      ["articles/2026/b.md", "text of articles/2026/b.md", true],
      ["articles/2026/c.md", "text of articles/2026/c.md", true],
      ["articles/2027/d.md", "text of articles/2027/d.md", true],
      ["articles/a.md", "text of articles/a.md", true],
    ]);
    expect(read.fetched).toBe(5);
    // quarantine/ (on a later page than the live file) has the live file's bytes: it is reported.
    expect(read.quarantined).toEqual(["articles/2026/c.md"]);
  }, 60_000);
});
