/**
 * `feedpub publish` end to end: a generated content folder (scripts/bench/corpus.ts) in a temp
 * directory, the real loader and renderer, published to a temp folder and to s3rver.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HeadObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../../functions/cli/commands/publish.js";
import type { CliIo } from "../../../functions/cli/io.js";
import { createFsStorage } from "../../../functions/storage/fs.js";
import { type CorpusFile, writeCorpus } from "../../../scripts/bench/corpus.js";
import { type RunningS3rver, S3RVER_CREDENTIALS, startS3rver } from "../../helpers/s3rver.js";
import { siteProblems } from "./helpers/consistency.js";

const NOW = new Date("2026-11-27T12:00:00Z");
const temps: string[] = [];
let s3: RunningS3rver;

beforeAll(async () => {
  s3 = await startS3rver({ buckets: ["cli-feeds"] });
});
afterAll(async () => {
  await s3.stop();
  await Promise.all(temps.map((t) => rm(t, { recursive: true, force: true })));
});

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
  json: () => Record<string, unknown>;
}

async function feedpub(
  cwd: string,
  args: string[],
  now = NOW,
  extraEnv: Record<string, string> = {},
): Promise<Ran> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    isTty: false,
    cwd,
    now: () => now,
    env: {
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      ...extraEnv,
    },
  };
  const code = await run(args, io);
  return { code, stdout, stderr, json: () => JSON.parse(stdout) as Record<string, unknown> };
}

/** A temp working directory with a 12-article content folder. */
async function workspace(): Promise<{ cwd: string; files: CorpusFile[] }> {
  const cwd = await mkdtemp(join(tmpdir(), "feedpub-cli-"));
  temps.push(cwd);
  const files = await writeCorpus(join(cwd, "content"), { articles: 12, seed: 7 });
  return { cwd, files };
}

const articleFile = (files: CorpusFile[], i: number) =>
  files.filter((f) => f.path.endsWith(".md"))[i] as CorpusFile;
const slugOf = (f: CorpusFile) => f.path.split("/").pop()?.replace(/\.md$/, "") ?? "";

async function edit(cwd: string, file: CorpusFile, change: (text: string) => string) {
  const path = join(cwd, "content", file.path);
  await writeFile(path, change(await readFile(path, "utf8")));
}

async function snapshot(dir: string): Promise<Record<string, string>> {
  const storage = createFsStorage({ root: dir });
  const out: Record<string, string> = {};
  for (const p of await storage.list()) out[p] = (await storage.head(p))?.etag ?? "";
  return out;
}

describe("feedpub publish --to DIR", () => {
  it("publishes, then republishes with zero writes, then rewrites only what an edit touches", async () => {
    const { cwd, files } = await workspace();
    const first = await feedpub(cwd, ["--to", "out", "--json"]);
    expect(first.code).toBe(0);
    const report = first.json();
    expect(report).toMatchObject({
      ok: true,
      dryRun: false,
      articles: 12,
      deletes: [],
      nextScheduledAt: null,
    });
    const out = join(cwd, "out");
    for (const f of [
      "feed.xml",
      "atom.xml",
      "feed.json",
      "index.jsonld",
      "index.html",
      ".feedpub/manifest.json",
    ]) {
      expect(await readFile(join(out, f))).toBeInstanceOf(Buffer);
    }
    expect(await siteProblems(createFsStorage({ root: out }))).toEqual([]);

    const again = (await feedpub(cwd, ["--to", "out", "--json"])).json();
    expect(again).toMatchObject({ puts: [], deletes: [], requests: 1, manifestWrites: 0 });

    const target = articleFile(files, 3);
    await edit(cwd, target, (t) => t.replace(/^title: .*$/m, 'title: "A corrected headline"'));
    const edited = (await feedpub(cwd, ["--to", "out", "--json"])).json();
    const puts = edited.puts as string[];
    expect(puts).toContain(`articles/${slugOf(target)}.jsonld`);
    expect(puts.filter((p) => p.startsWith("articles/"))).toEqual([`articles/${slugOf(target)}.jsonld`]);
    expect(puts).toContain("feed.xml");
    expect(edited.requests).toBe(1 + 1 + puts.length + 2 + 1);
    expect(await readFile(join(out, "feed.xml"), "utf8")).toContain("A corrected headline");
  });

  it("publishes nothing when one article is invalid, even beside a valid edit, and names the file", async () => {
    const { cwd, files } = await workspace();
    expect((await feedpub(cwd, ["--to", "out"])).code).toBe(0);
    const before = await snapshot(join(cwd, "out"));
    await edit(cwd, articleFile(files, 1), (t) => t.replace(/^title: .*$/m, 'title: "A valid edit"'));
    const bad = articleFile(files, 5);
    await edit(cwd, bad, (t) => t.replace(/^published: .*$/m, "published: yesterday"));
    const ran = await feedpub(cwd, ["--to", "out"]);
    expect(ran.code).toBe(1);
    // Positions relative to the current directory (content/...), as `feedpub validate` prints them.
    expect(ran.stderr).toMatch(new RegExp(`^content/${bad.path}:\\d+:1  published  `, "m"));
    expect(ran.stderr).toMatch(/nothing was published/);
    expect(await snapshot(join(cwd, "out"))).toEqual(before);
    const json = await feedpub(cwd, ["--to", "out", "--json"]);
    expect(json.code).toBe(1);
    expect(json.json()).toMatchObject({
      ok: false,
      validation: {
        diagnostics: [
          expect.objectContaining({ file: bad.path, path: `content/${bad.path}`, field: "published" }),
        ],
      },
    });
  });

  it("leaves a scheduled article out, reports when it is due, and publishes it once due", async () => {
    const { cwd, files } = await workspace();
    const future = articleFile(files, 2);
    await edit(cwd, future, (t) =>
      t.replace(/^published: .*$/m, "published: 2026-12-01T08:00:00+01:00").replace(/^updated: .*\n/m, ""),
    );
    const early = await feedpub(cwd, ["--to", "out", "--json"]);
    expect(early.json()).toMatchObject({
      articles: 11,
      scheduled: 1,
      nextScheduledAt: "2026-12-01T08:00:00+01:00",
    });
    const doc = `articles/${slugOf(future)}.jsonld`;
    expect(early.json().puts).not.toContain(doc);
    const human = await feedpub(cwd, ["--to", "out"]);
    expect(human.stdout).toContain("next 2026-12-01T08:00:00+01:00");
    const due = await feedpub(cwd, ["--to", "out", "--json"], new Date("2026-12-01T07:00:00Z"));
    expect(due.json()).toMatchObject({ articles: 12, scheduled: 0, nextScheduledAt: null });
    expect(due.json().puts).toContain(doc);
  });

  it("unpublishes a drafted article and deletes its document; a dry run shows the plan and writes nothing", async () => {
    const { cwd, files } = await workspace();
    await feedpub(cwd, ["--to", "out"]);
    const target = articleFile(files, 0);
    await edit(cwd, target, (t) => t.replace(/^---\n/, "---\ndraft: true\n"));
    const before = await snapshot(join(cwd, "out"));
    const dry = await feedpub(cwd, ["--to", "out", "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("dry run");
    expect(dry.stdout).toContain(`delete  articles/${slugOf(target)}.jsonld`);
    expect(await snapshot(join(cwd, "out"))).toEqual(before);
    const real = (await feedpub(cwd, ["--to", "out", "--json"])).json();
    expect(real.deletes).toEqual([`articles/${slugOf(target)}.jsonld`]);
    expect(await readdir(join(cwd, "out", "articles"))).not.toContain(`${slugOf(target)}.jsonld`);
    expect(await siteProblems(createFsStorage({ root: join(cwd, "out") }))).toEqual([]);
  });

  it("with the render cache, publishes the same bytes as without it, to a new folder and after an edit", async () => {
    const { cwd, files } = await workspace();
    const cached = { FEEDPUB_CACHE_DIR: "cache" };
    const files1 = (dir: string) =>
      snapshot(join(cwd, dir)).then((s) =>
        Object.fromEntries(Object.entries(s).filter(([p]) => !p.startsWith(".feedpub/"))),
      );
    expect((await feedpub(cwd, ["--to", "a"], NOW, cached)).code).toBe(0);
    expect(await readdir(join(cwd, "cache"))).toHaveLength(1);
    // Warm cache, empty target: the engine needs every body, so cached digests must be rendered.
    expect((await feedpub(cwd, ["--to", "b"], NOW, cached)).code).toBe(0);
    expect((await feedpub(cwd, ["--to", "plain", "--no-cache"], NOW, cached)).code).toBe(0);
    const plain = await files1("plain");
    expect(Object.keys(plain).length).toBeGreaterThan(12);
    expect(await files1("a")).toEqual(plain);
    expect(await files1("b")).toEqual(plain);

    await edit(cwd, articleFile(files, 3), (t) => t.replace(/^title: .*$/m, "title: A new headline"));
    const again = await feedpub(cwd, ["--to", "a", "--json"], NOW, cached);
    expect(again.code).toBe(0);
    expect((again.json().puts as string[]).length).toBeGreaterThan(0);
    expect((await feedpub(cwd, ["--to", "plain2", "--no-cache"], NOW, cached)).code).toBe(0);
    expect(await files1("a")).toEqual(await files1("plain2"));
  });

  it("rejects bad usage with exit code 2", async () => {
    const { cwd } = await workspace();
    expect((await feedpub(cwd, [])).code).toBe(2);
    expect((await feedpub(cwd, ["--to", "a", "--bucket", "b"])).stderr).toMatch(/exactly one target/);
    expect((await feedpub(cwd, ["--to", "a", "--prefix", "p/"])).stderr).toMatch(
      /--prefix only apply with --bucket/,
    );
    expect((await feedpub(cwd, ["--to", "a", "--concurrency", "0"])).code).toBe(2);
    expect((await feedpub(cwd, ["--to", "a", "--content", "missing"])).stderr).toMatch(
      /content folder missing/,
    );
    expect((await feedpub(cwd, ["--help"])).stdout).toMatch(/^Usage: feedpub publish/);
  });
});

describe("feedpub publish --bucket (s3rver)", () => {
  it("publishes under a prefix with the right headers, then republishes with one request", async () => {
    const { cwd } = await workspace();
    const args = [
      "--bucket",
      "cli-feeds",
      "--prefix",
      "news",
      "--endpoint",
      s3.endpoint,
      "--region",
      "us-east-1",
    ];
    const first = await feedpub(cwd, [...args, "--json"]);
    expect(first.stderr).toBe("");
    expect(first.json()).toMatchObject({ ok: true, target: "s3://cli-feeds/news/" });
    const head = (key: string) =>
      s3.client.send(new HeadObjectCommand({ Bucket: "cli-feeds", Key: `news/${key}` }));
    expect((await head("feed.xml")).ContentType).toBe("application/rss+xml; charset=utf-8");
    expect((await head("atom.xml")).ContentType).toBe("application/atom+xml; charset=utf-8");
    expect((await head("feed.json")).ContentType).toBe("application/feed+json; charset=utf-8");
    expect((await head("index.jsonld")).ContentType).toBe("application/ld+json; charset=utf-8");
    expect((await head("feed.xml")).CacheControl).toMatch(/max-age=300, stale-while-revalidate/);
    const doc = (first.json().puts as string[]).find((p) => p.startsWith("articles/")) ?? "";
    expect((await head(doc)).CacheControl).toMatch(/max-age=3600/);
    expect((await head(".feedpub/manifest.json")).CacheControl).toBe("no-store");
    const again = await feedpub(cwd, [...args, "--json"]);
    expect(again.json()).toMatchObject({ puts: [], deletes: [], requests: 1 });
  });

  it("publishes nothing to the bucket when an article is invalid", async () => {
    const { cwd, files } = await workspace();
    const args = [
      "--bucket",
      "cli-feeds",
      "--prefix",
      "invalid",
      "--endpoint",
      s3.endpoint,
      "--region",
      "us-east-1",
    ];
    expect((await feedpub(cwd, args)).code).toBe(0);
    const keys = async () => {
      const { Contents = [] } = await s3.client.send(
        new ListObjectsV2Command({ Bucket: "cli-feeds", Prefix: "invalid/" }),
      );
      return Contents.map((c) => `${c.Key} ${c.ETag}`).sort();
    };
    const before = await keys();
    await edit(cwd, articleFile(files, 1), (t) => t.replace(/^title: .*$/m, 'title: "A valid edit"'));
    const bad = articleFile(files, 4);
    await edit(cwd, bad, (t) => t.replace(/^section: .*$/m, "section: Not A Slug"));
    const ran = await feedpub(cwd, [...args, "--json"]);
    expect(ran.code).toBe(1);
    expect(JSON.stringify(ran.json())).toContain(bad.path);
    expect(await keys()).toEqual(before);
  });

  it("reports a bad bucket option without a stack trace", async () => {
    const { cwd } = await workspace();
    const ran = await feedpub(cwd, ["--bucket", "Bad_Name"]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/option 'bucket' must be an S3 bucket name/);
  });
});
