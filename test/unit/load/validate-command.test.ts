import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../../functions/cli/commands/validate.js";
import type { CliIo } from "../../../functions/cli/io.js";
import { FIXTURES, NOW } from "./helpers.js";

function recordingIo(cwd: string): CliIo & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
    isTty: false,
    cwd,
    now: () => NOW,
    env: {},
  };
  return io;
}

const temp = mkdtempSync(join(tmpdir(), "feedpub-validate-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("feedpub validate", () => {
  it("exits 0 on clean content and prints the JSON report with paths relative to the cwd", async () => {
    const io = recordingIo(FIXTURES);
    const code = await run(["--content", "content", "--json"], io);
    expect(code).toBe(0);
    const json = JSON.parse(io.out);
    expect(json).toMatchObject({
      version: 1,
      ok: true,
      content: "content",
      files: 5,
      counts: { errors: 0, warnings: 2, articles: 2, scheduled: 1, drafts: 1 },
      nextScheduledAt: "2030-06-01T09:00:00+01:00",
    });
    expect(json.diagnostics[1]).toMatchObject({
      file: "articles/future-regatta.md",
      path: "content/articles/future-regatta.md",
      code: "scheduled",
      line: 3,
    });
  });

  it("lists scheduled articles and drafts in the human output", async () => {
    const io = recordingIo(FIXTURES);
    expect(await run(["--content", join(FIXTURES, "content")], io)).toBe(0);
    expect(io.out).toContain(
      "content/articles/future-regatta.md:3:1  published  warning: scheduled for 2030-06-01T09:00:00+01:00",
    );
    expect(io.out).toContain("next scheduled publication: 2030-06-01T09:00:00+01:00");
    expect(io.out).toContain("drafts (1, never published): draft-notes");
    expect(io.out).toMatch(/^ok: checked 5 files in content; 2 articles ready to publish$/m);
  });

  it("exits 1 and reports every broken article, positioned relative to the cwd", async () => {
    const root = join(temp, "broken");
    cpSync(join(FIXTURES, "content"), root, { recursive: true });
    cpSync(join(FIXTURES, "invalid", "date-without-offset.md"), join(root, "articles", "date.md"));
    cpSync(join(FIXTURES, "invalid", "missing-title.md"), join(root, "articles", "nested", "title.md"));
    const io = recordingIo(temp);
    expect(await run(["--content", "broken"], io)).toBe(1);
    expect(io.out).toContain("broken/articles/date.md:4:1  published  must include a UTC offset");
    expect(io.out).toContain("broken/articles/nested/title.md:1:1  title  missing required field 'title'");
    expect(io.out).toContain("2 errors, 2 warnings in 4 files");
    expect(io.out).toMatch(
      /^FAILED: checked 7 files in broken; nothing will be published until the errors are fixed$/m,
    );

    const json = recordingIo(temp);
    expect(await run(["--json", "--content", "broken"], json)).toBe(1);
    const report = JSON.parse(json.out);
    expect(report.ok).toBe(false);
    expect(report.diagnostics.map((d: { path: string }) => d.path)).toEqual([
      "broken/articles/date.md",
      "broken/articles/draft-notes.md",
      "broken/articles/future-regatta.md",
      "broken/articles/nested/title.md",
    ]);
  });

  it("exits 1 when site.yaml is missing", async () => {
    const root = join(temp, "no-site");
    cpSync(join(FIXTURES, "content", "articles"), join(root, "articles"), { recursive: true });
    const io = recordingIo(temp);
    expect(await run(["--content", "no-site"], io)).toBe(1);
    expect(io.out).toContain("no-site/site.yaml:1:1  site.yaml is missing");
  });

  it("exits 2 on unknown flags, stray arguments and a missing folder; --help exits 0", async () => {
    const unknown = recordingIo(temp);
    expect(await run(["--contnet", "x"], unknown)).toBe(2);
    expect(unknown.err).toContain("Usage: feedpub validate");
    expect(await run(["extra"], recordingIo(temp))).toBe(2);
    const missing = recordingIo(temp);
    expect(await run(["--content", "nowhere"], missing)).toBe(2);
    expect(missing.err).toContain("content folder nowhere not found");
    const help = recordingIo(temp);
    expect(await run(["--help"], help)).toBe(0);
    expect(help.out).toContain("--json");
  });

  it("shows colours only on a terminal without NO_COLOR", async () => {
    const io = Object.assign(recordingIo(FIXTURES), { isTty: true });
    await run(["--content", "content"], io);
    expect(io.out).toContain("\x1b[33m");
    const plain = Object.assign(recordingIo(FIXTURES), { isTty: true, env: { NO_COLOR: "1" } });
    await run(["--content", "content"], plain);
    expect(plain.out).not.toContain("\x1b[");
  });
});
