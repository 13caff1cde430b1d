/** publishSite on the memory driver: reports, incrementality, crash safety at every request, the lock. */
import { describe, expect, it } from "vitest";
import { MANIFEST_PATH } from "../../../functions/core/media-types.js";
import type { OutputFile } from "../../../functions/core/model.js";
import { PublishConflictError, PublishError, publishSite } from "../../../functions/core/publish/index.js";
import { parseManifest } from "../../../functions/core/publish/manifest.js";
import { createMemoryStorage, type MemoryStorage, type Storage } from "../../../functions/storage/index.js";
import { siteProblems } from "../../integration/publish/helpers/consistency.js";
import {
  failNth,
  pauseAtFirstHead,
  wrapStorage,
  writes,
} from "../../integration/publish/helpers/storage-wrappers.js";
import {
  renderSynthetic,
  type SyntheticArticle,
  syntheticArticles,
} from "../../integration/publish/helpers/synthetic-site.js";

const decode = (b: Uint8Array) => new TextDecoder().decode(b);

/** The stored site equals `outputs` exactly (plus a complete manifest). */
function expectSite(storage: MemoryStorage, outputs: OutputFile[]) {
  const stored = [...storage.objects.keys()].filter((p) => p !== MANIFEST_PATH).sort();
  expect(stored).toEqual(outputs.map((o) => o.path).sort());
  for (const o of outputs)
    expect(decode(storage.objects.get(o.path)?.body ?? new Uint8Array()), o.path).toBe(decode(o.body));
  const manifest = parseManifest(storage.objects.get(MANIFEST_PATH)?.body ?? new Uint8Array());
  expect(manifest.state).toBe("complete");
  expect(manifest.pending).toEqual([]);
  expect(Object.keys(manifest.files).sort()).toEqual(stored);
}

function createMemoryStorageCopy(source: MemoryStorage): MemoryStorage {
  const copy = createMemoryStorage();
  for (const [k, v] of source.objects) copy.objects.set(k, { ...v, body: v.body.slice() });
  return copy;
}

function changedPaths(before: OutputFile[], after: OutputFile[]): string[] {
  const old = new Map(before.map((o) => [o.path, decode(o.body)]));
  return after
    .filter((o) => old.get(o.path) !== decode(o.body))
    .map((o) => o.path)
    .sort();
}

describe("publishSite (memory)", () => {
  const articles = syntheticArticles(12);
  const v1 = renderSynthetic(articles);

  it("first publish uploads everything, then the manifest, and reports it", async () => {
    const storage = createMemoryStorage();
    const progress: number[] = [];
    const report = await publishSite(v1, storage, {
      onProgress: (done, total) => progress.push(done / total),
    });
    expectSite(storage, v1);
    expect(report.puts).toHaveLength(v1.length);
    expect(report.created).toBe(v1.length);
    expect(report.deletes).toEqual([]);
    expect(report.unchanged).toBe(0);
    expect(report.invalidationPaths).toEqual([]);
    expect(report.manifestWrites).toBe(2);
    expect(report.generation).toBe(1);
    // 1 manifest read + lock + uploads + 2 lock checks (before feeds, before root) + commit.
    expect(report.requests).toBe(1 + 1 + v1.length + 2 + 1);
    expect(progress.at(-1)).toBe(1);
  });

  it("republishing unchanged content reads the manifest and writes nothing", async () => {
    const storage = createMemoryStorage();
    await publishSite(v1, storage);
    const wrapped = wrapStorage(storage);
    const report = await publishSite(renderSynthetic(articles), wrapped);
    expect(wrapped.calls).toEqual([{ method: "get", path: MANIFEST_PATH }]);
    expect(report).toMatchObject({
      puts: [],
      deletes: [],
      requests: 1,
      manifestWrites: 0,
      unchanged: v1.length,
    });
  });

  it("editing one article rewrites only its document, the feeds and indexes that include it, and the manifest", async () => {
    const storage = createMemoryStorage();
    await publishSite(v1, storage);
    const edited = articles.map((a) => (a.slug === "story-004" ? { ...a, title: "Story 4, corrected" } : a));
    const v2 = renderSynthetic(edited);
    const wrapped = wrapStorage(storage);
    const report = await publishSite(v2, wrapped);
    const expected = changedPaths(v1, v2);
    expect(expected).toEqual([
      "articles/story-004.jsonld",
      "feed.json",
      `sections/${articles[4]?.section}/feed.json`,
    ]);
    expect([...report.puts].sort()).toEqual(expected);
    expect(
      writes(wrapped.calls)
        .map((c) => c.path)
        .sort(),
    ).toEqual([...expected, MANIFEST_PATH, MANIFEST_PATH].sort());
    expect(report.invalidationPaths).toEqual(expected.map((p) => `/${p}`));
    expectSite(storage, v2);
  });

  it("deleting an article deletes its document after the new feeds are committed", async () => {
    const storage = createMemoryStorage();
    await publishSite(v1, storage);
    const v2 = renderSynthetic(articles.filter((a) => a.slug !== "story-002"));
    const wrapped = wrapStorage(storage);
    const report = await publishSite(v2, wrapped);
    expect(report.deletes).toEqual(["articles/story-002.jsonld"]);
    expect(report.manifestWrites).toBe(3);
    const order = writes(wrapped.calls).map((c) => `${c.method} ${c.path}`);
    const commit = order.lastIndexOf(`put ${MANIFEST_PATH}`, order.length - 2);
    expect(order.indexOf("delete articles/story-002.jsonld")).toBeGreaterThan(commit);
    expect(order.indexOf("put feed.json")).toBeLessThan(commit);
    expect(report.invalidationPaths).toContain("/articles/story-002.jsonld");
    expectSite(storage, v2);
  });

  it("a dry run plans without writing", async () => {
    const storage = createMemoryStorage();
    await publishSite(v1, storage);
    const v2 = renderSynthetic(articles.slice(1));
    const before = new Map(storage.objects);
    const report = await publishSite(v2, storage, { dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.deletes).toEqual(["articles/story-000.jsonld"]);
    expect(report.puts.length).toBeGreaterThan(0);
    expect(report.requests).toBe(1);
    expect(storage.objects).toEqual(before);
  });

  it("never has more uploads in flight than the concurrency", async () => {
    let inFlight = 0;
    let peak = 0;
    const storage = wrapStorage(createMemoryStorage(), {
      async before(_n, call) {
        if (call.method !== "put") return;
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 1));
        inFlight--;
      },
    });
    await publishSite(renderSynthetic(syntheticArticles(40)), storage, { concurrency: 3 });
    expect(peak).toBe(3);
  });

  describe("a failure at any request leaves a consistent site, and a re-run completes it", () => {
    // v2: one article edited, one removed, two added, one new section.
    const v2Articles = [
      ...articles
        .filter((a) => a.slug !== "story-001")
        .map((a) => (a.slug === "story-005" ? { ...a, text: "edited" } : a)),
      { ...(articles[0] as SyntheticArticle), slug: "new-a", section: "sport", title: "New A" },
      { ...(articles[0] as SyntheticArticle), slug: "new-b", section: "world", title: "New B" },
    ];
    const v2 = renderSynthetic(v2Articles);
    const total = (() => {
      // Count the requests of an undisturbed run.
      const s = createMemoryStorage();
      return publishSite(v1, s).then(async () => (await publishSite(v2, s)).requests);
    })();

    it("at each request in turn", async () => {
      const n = await total;
      expect(n).toBeGreaterThan(10);
      for (let failAt = 1; failAt <= n; failAt++) {
        const storage = createMemoryStorage();
        await publishSite(v1, storage);
        const error = await publishSite(v2, failNth(storage, failAt)).catch((e: unknown) => e);
        expect(error, `failure at request ${failAt}`).toBeInstanceOf(Error);
        expect(await siteProblems(storage), `after failure at request ${failAt}`).toEqual([]);
        await publishSite(v2, storage);
        expectSite(storage, v2);
      }
    });

    it("still reports the CDN paths of a publish that failed after its commit", async () => {
      const storage = createMemoryStorage();
      await publishSite(v1, storage);
      const complete = await publishSite(v2, createMemoryStorageCopy(storage));
      // Fail the first deletion: the new site is committed, the CDN was never told.
      const wrapped = wrapStorage(storage, {
        before(_n, call) {
          if (call.method === "delete") throw new Error("network down");
        },
      });
      await expect(publishSite(v2, wrapped)).rejects.toThrow(/the new site is live/);
      const rerun = await publishSite(v2, storage);
      expect(rerun.puts).toEqual([]);
      expect(rerun.invalidationPaths).toEqual(complete.invalidationPaths);
      expect(rerun.invalidationPaths).toEqual(
        expect.arrayContaining(["/articles/story-001.jsonld", "/articles/story-005.jsonld", "/index.jsonld"]),
      );
      expectSite(storage, v2);
    });

    it("including when the publish is abandoned and the content changes again", async () => {
      const storage = createMemoryStorage();
      await publishSite(v1, storage);
      // Crash after uploading the new documents (lock + a few puts), then publish v1 again.
      await publishSite(v2, failNth(storage, 6)).catch(() => undefined);
      expect(
        storage.objects.has("articles/new-a.jsonld") || storage.objects.has("articles/new-b.jsonld"),
      ).toBe(true);
      const report = await publishSite(v1, storage);
      expect(report.recovered).toBe(true);
      expectSite(storage, v1);
    });
  });

  describe("two publishes at once", () => {
    const a = renderSynthetic(
      articles.map((x) => (x.slug === "story-003" ? { ...x, title: "A's edit" } : x)),
    );
    const b = renderSynthetic(articles.filter((x) => x.slug !== "story-007"));

    it("started together: one wins, the loser fails having written nothing", async () => {
      const storage = createMemoryStorage();
      await publishSite(v1, storage);
      const spyA = wrapStorage(storage);
      const spyB = wrapStorage(storage);
      const [ra, rb] = await Promise.allSettled([publishSite(a, spyA), publishSite(b, spyB)]);
      const winner = ra.status === "fulfilled" ? a : b;
      const loser = ra.status === "fulfilled" ? rb : ra;
      const loserCalls = ra.status === "fulfilled" ? spyB.calls : spyA.calls;
      expect([ra.status, rb.status].sort()).toEqual(["fulfilled", "rejected"]);
      expect(loser.status === "rejected" && loser.reason).toBeInstanceOf(PublishConflictError);
      expect(String(loser.status === "rejected" && loser.reason.message)).toMatch(
        /another publish changed the site at the same time; nothing was deleted; re-run/,
      );
      // The loser's only write was its failed attempt at the lock.
      expect(writes(loserCalls)).toEqual([{ method: "put", path: MANIFEST_PATH }]);
      expectSite(storage, winner);
    });

    it("started while another is uploading: the earlier one stops before writing feeds", async () => {
      const storage = createMemoryStorage();
      await publishSite(v1, storage);
      const { storage: slow, pausedAt, release } = pauseAtFirstHead(storage);
      const first = publishSite(a, slow).catch((e: unknown) => e);
      await pausedAt;
      const second = await publishSite(b, storage);
      expect(second.recovered).toBe(true);
      release();
      const error = await first;
      expect(error).toBeInstanceOf(PublishConflictError);
      expectSite(storage, b);
    });
  });

  it("treats its own manifest write whose response was lost (and retried) as a success", async () => {
    const storage = createMemoryStorage();
    await publishSite(v1, storage);
    // Like an SDK retry after a dropped response: the first attempt landed, the retry hits a 412.
    const flaky: Storage = {
      ...storage,
      async put(path, body, options) {
        const result = await storage.put(path, body, options);
        if (path === MANIFEST_PATH && options.ifMatch) return storage.put(path, body, options);
        return result;
      },
    };
    const v2 = renderSynthetic(articles.slice(2));
    await publishSite(v2, flaky);
    expectSite(storage, v2);
  });

  it("the consistency check used by these tests does catch a feed item without its document", async () => {
    const storage = createMemoryStorage();
    await publishSite(v1, storage);
    storage.objects.delete("articles/story-011.jsonld");
    expect(await siteProblems(storage)).toEqual(
      expect.arrayContaining([
        "feed.json has an item without articles/story-011.jsonld",
        "index.jsonld links to missing articles/story-011.jsonld",
        "manifest lists missing articles/story-011.jsonld",
      ]),
    );
  });

  it("rejects a bad concurrency before touching storage", async () => {
    const storage = wrapStorage(createMemoryStorage());
    await expect(publishSite(v1, storage, { concurrency: 0 })).rejects.toBeInstanceOf(PublishError);
    expect(storage.calls).toEqual([]);
  });
});
