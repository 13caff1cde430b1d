import { readFile, rm, writeFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { type RunningPreview, startPreview } from "../../../functions/cli/commands/preview.js";
import {
  articleSources,
  editableArticle,
  expectSameAsFreshBuild,
  type RecordingIo,
  recordingIo,
  snapshotTree,
  tempSite,
  waitFor,
} from "./helpers.js";

let site: Awaited<ReturnType<typeof tempSite>>;
let preview: RunningPreview | undefined;
let io: RecordingIo;

beforeEach(async () => {
  site = await tempSite();
  io = recordingIo(site.dir);
});

afterEach(async () => {
  await preview?.close();
  preview = undefined;
  await rm(site.dir, { recursive: true, force: true });
});

async function startWatching(): Promise<RunningPreview> {
  preview = await startPreview(
    { dir: "dist", content: "content", host: "127.0.0.1", port: 0, watch: true, quiet: true },
    io,
  );
  return preview;
}

const rebuilds = () => io.out.filter((line) => line.startsWith("rebuilt (")).length;

async function findInArticles(text: string): Promise<string | undefined> {
  const tree = await snapshotTree(join(site.out, "articles"));
  return [...tree].find(([, bytes]) => bytes.toString("utf8").includes(text))?.[0];
}

/** Collects Server-Sent Events from the live-reload stream. */
function listen(port: number): { events: string[]; close(): void } {
  const events: string[] = [];
  const req = httpRequest({ host: "127.0.0.1", port, path: "/__feedpub/events" }, (res) => {
    res.setEncoding("utf8");
    res.on("data", (chunk: string) => events.push(chunk));
  });
  req.on("error", () => {});
  req.end();
  return { events, close: () => req.destroy() };
}

describe("feedpub preview --watch", () => {
  it("builds at start, rebuilds an edited article and tells open pages to reload", async () => {
    const running = await startWatching();
    expect(io.stdoutText()).toMatch(/feedpub build: content → dist/);
    expect(io.stdoutText()).toContain(running.server.url);
    const sse = listen(running.server.port);
    await waitFor("the event stream", () => sse.events.join("").includes("connected"));
    const article = await editableArticle(site.content);
    await writeFile(
      join(site.content, article.path),
      article.text.replace(article.title, "Edited while watching"),
    );
    await waitFor("a rebuild", () => rebuilds() === 1);
    expect(io.stdoutText()).toContain(`after ${article.path} changed`);
    expect(await findInArticles("Edited while watching")).toBeDefined();
    await waitFor("a reload event", () => sse.events.join("").includes("event: reload"));
    expect(sse.events.join("")).toMatch(/"paths":\[.*articles\//);
    sse.close();
  });

  it("keeps the last good output when an edit is invalid, and recovers when it is fixed", async () => {
    await startWatching();
    const good = await snapshotTree(site.out);
    const article = await editableArticle(site.content);
    await writeFile(
      join(site.content, article.path),
      article.text.replace(/^published:.*$/m, "published: soon"),
    );
    await waitFor("the diagnostics", () => io.stderrText().includes("still serving the last good build"));
    expect(io.stderrText()).toContain(`${article.path}:`);
    expect(await snapshotTree(site.out)).toEqual(good);
    await writeFile(join(site.content, article.path), article.text.replace(article.title, "Fixed headline"));
    await waitFor("a rebuild", () => rebuilds() === 1);
    expect(await findInArticles("Fixed headline")).toBeDefined();
  });

  it("publishes a new article and removes a deleted one", async () => {
    await startWatching();
    const article = await editableArticle(site.content);
    const copy = article.text
      .replace(article.title, "A brand new story")
      .replace(/^slug:.*$/m, "")
      .replace(/^id:.*$/m, "");
    await writeFile(join(site.content, "articles/brand-new-story.md"), copy);
    await waitFor("a rebuild", () => rebuilds() === 1);
    const created = await findInArticles("A brand new story");
    expect(created).toBeDefined();
    await rm(join(site.content, "articles/brand-new-story.md"));
    await waitFor("a second rebuild", () => rebuilds() === 2);
    expect(await findInArticles("A brand new story")).toBeUndefined();
  });

  it("injects the live-reload script into served HTML only, never into the files", async () => {
    const running = await startWatching();
    const res = await fetch(running.server.url);
    const html = await res.text();
    expect(html).toContain('<script src="/__feedpub/live-reload.js"');
    expect(await readFile(join(site.out, "index.html"), "utf8")).not.toContain("__feedpub");
    const script = await fetch(new URL("/__feedpub/live-reload.js", running.server.url));
    expect(await script.text()).toContain("EventSource");
  });
});

describe("feedpub preview", () => {
  it("reports a port in use clearly", async () => {
    await startWatching();
    const port = preview?.server.port ?? 0;
    const second = recordingIo(site.dir);
    const { run } = await import("../../../functions/cli/commands/preview.js");
    const code = await run(["--port", String(port), "--dir", "dist"], second);
    expect(code).toBe(1);
    expect(second.stderrText()).toMatch(new RegExp(`port ${port} is already in use`));
  });

  it("refuses a bad port and unknown options with exit code 2", async () => {
    const { run } = await import("../../../functions/cli/commands/preview.js");
    expect(await run(["--port", "http"], io)).toBe(2);
    expect(await run(["--port", "70000"], io)).toBe(2);
    expect(await run(["--bogus"], io)).toBe(2);
    expect(io.stderrText()).toMatch(/--port must be a number/);
  });
});

describe("feedpub preview --watch: incremental output", () => {
  it("leaves exactly the files and manifest a fresh full build writes", async () => {
    const running = await startWatching();
    const sources = (await snapshotTree(join(site.content, "articles"))).size;
    const article = await editableArticle(site.content);
    // A site change (full rebuild), then an edit, a new article in a new section and its deletion.
    const siteYaml = parse(await readFile(join(site.content, "site.yaml"), "utf8"));
    if (siteYaml.sections) siteYaml.sections["brand-new-section"] = { title: "Brand new" };
    siteYaml.description = `${siteYaml.description} (edited)`;
    await writeFile(join(site.content, "site.yaml"), stringify(siteYaml));
    await waitFor("rebuild 1", () => rebuilds() === 1, io);
    expect(io.stdoutText()).toMatch(/rebuilt \(full\)/);
    await writeFile(
      join(site.content, article.path),
      article.text.replace(article.title, "Incremental headline"),
    );
    await waitFor("rebuild 2", () => rebuilds() === 2, io);
    const extra = article.text
      .replace(article.title, "Another new story")
      .replace(/^slug:.*$/m, "")
      .replace(/^id:.*$/m, "")
      .replace(/^section:.*$/m, "section: brand-new-section");
    await writeFile(join(site.content, "articles/another-new-story.md"), extra);
    await waitFor("rebuild 3", () => rebuilds() === 3, io);
    expect((await snapshotTree(join(site.out, "sections/brand-new-section"))).size).toBeGreaterThan(0);
    await rm(join(site.content, "articles/another-new-story.md"));
    await waitFor("rebuild 4", () => rebuilds() === 4, io);
    expect((await snapshotTree(join(site.out, "sections/brand-new-section"))).size).toBe(0);
    expect(io.stdoutText()).toMatch(/rebuilt \(incremental\)/);
    await running.close();
    preview = undefined;

    const built = await expectSameAsFreshBuild(site.dir, site.out);
    expect(Object.keys(built).length).toBeGreaterThan(sources);
    // The manifest the watcher left lets an ordinary build see that nothing changed.
    const { run } = await import("../../../functions/cli/commands/build.js");
    const again = recordingIo(site.dir);
    expect(await run(["--json"], again)).toBe(0);
    expect(JSON.parse(again.stdoutText()).written).toEqual([]);
  });
});

describe("feedpub preview --watch: edits outside the feeds", () => {
  it("rewrites only an archive article's document, and still matches a full build", async () => {
    const sitePath = join(site.content, "site.yaml");
    const config = parse(await readFile(sitePath, "utf8"));
    config.itemsPerFeed = 1;
    await writeFile(sitePath, stringify(config));
    // With one item per feed, only the newest article overall and per section is listed.
    const published = [];
    for (const source of await articleSources(site.content)) {
      if (/^draft:\s*true\s*$/m.test(source.text)) continue;
      const date = /^published:\s*["']?([^"'\s]+)/m.exec(source.text)?.[1];
      const section = /^section:\s*["']?([^"'\s]+)/m.exec(source.text)?.[1] ?? "";
      if (date) published.push({ ...source, ms: Date.parse(date), section });
    }
    published.sort((a, b) => b.ms - a.ms);
    const listed = new Set([published[0]?.path]);
    const seen = new Set<string>();
    for (const p of published) {
      if (p.section && !seen.has(p.section)) listed.add(p.path);
      seen.add(p.section);
    }
    const [oldest, second] = published.filter((p) => !listed.has(p.path)).reverse();
    if (!oldest || !second)
      throw new Error("content/ needs two articles that are not the newest of their section");
    const running = await startWatching();

    await writeFile(
      join(site.content, oldest.path),
      oldest.text.replace(/^title:.*$/m, "title: Archive correction"),
    );
    await waitFor("rebuild 1", () => rebuilds() === 1, io);
    const doc = await findInArticles("Archive correction");
    expect(io.out.at(-1)).toMatch(/: 1 written, 0 deleted/);
    expect(doc).toBeDefined();

    await rm(join(site.content, second.path));
    await waitFor("rebuild 2", () => rebuilds() === 2, io);
    expect(io.out.at(-1)).toMatch(/: 0 written, 1 deleted/);

    const newest = oldest.text
      .replace(/^title:.*$/m, "title: Back on the front page")
      .replace(/^updated:.*$/m, "")
      .replace(/^published:.*$/m, "published: 2027-05-01T08:00:00+02:00");
    await writeFile(join(site.content, oldest.path), newest);
    await waitFor("rebuild 3", () => rebuilds() === 3, io);
    expect(await readFile(join(site.out, "feed.xml"), "utf8")).toContain("Back on the front page");

    // A listed article edited in place (same date, full feeds) must still reach the feeds.
    await writeFile(
      join(site.content, oldest.path),
      newest.replace(/^title:.*$/m, "title: Front page, corrected"),
    );
    await waitFor("rebuild 4", () => rebuilds() === 4, io);
    expect(await readFile(join(site.out, "feed.xml"), "utf8")).toContain("Front page, corrected");
    await running.close();
    preview = undefined;

    const { run } = await import("../../../functions/cli/commands/build.js");
    expect(await run(["--out", "fresh"], recordingIo(site.dir))).toBe(0);
    const watched = await snapshotTree(site.out);
    const built = await snapshotTree(join(site.dir, "fresh"));
    expect([...watched.keys()]).toEqual([...built.keys()]);
    for (const [path, bytes] of built) {
      if (path !== ".feedpub/manifest.json") expect(watched.get(path)?.equals(bytes), path).toBe(true);
    }
  });
});
