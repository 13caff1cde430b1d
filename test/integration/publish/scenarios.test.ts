/**
 * Publishing scenarios on the local-folder driver and on S3 (the real AWS SDK against s3rver on
 * loopback). Request counts are taken where the requests arrive, not from the engine's report.
 */
import { afterAll, describe, expect, it } from "vitest";
import { MANIFEST_PATH } from "../../../functions/core/media-types.js";
import type { OutputFile } from "../../../functions/core/model.js";
import { publishSite } from "../../../functions/core/publish/index.js";
import { parseManifest } from "../../../functions/core/publish/manifest.js";
import { createS3Storage } from "../../../functions/storage/s3.js";
import type { Storage } from "../../../functions/storage/types.js";
import { siteProblems } from "./helpers/consistency.js";
import { BUCKET, type DriverCase, fsCase, s3Case } from "./helpers/drivers.js";
import { renderSynthetic, type SyntheticArticle, syntheticArticles } from "./helpers/synthetic-site.js";

const decode = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

/** The stored site is exactly `outputs` with the right headers, plus a complete manifest. */
async function expectSite(storage: Storage, outputs: OutputFile[]) {
  const stored = (await storage.list()).filter((p) => p !== MANIFEST_PATH);
  expect(stored).toEqual(outputs.map((o) => o.path).sort());
  for (const o of outputs) {
    const got = await storage.get(o.path);
    expect(decode(got?.body), o.path).toBe(decode(o.body));
    expect(got?.contentType, o.path).toBe(o.contentType);
    expect(got?.cacheControl, o.path).toBe(o.cacheControl);
  }
  const manifest = await storage.get(MANIFEST_PATH);
  expect(manifest?.cacheControl).toBe("no-store");
  expect(parseManifest(manifest?.body ?? new Uint8Array()).state).toBe("complete");
  expect(await siteProblems(storage)).toEqual([]);
}

const fs = fsCase();
const s3 = s3Case();
const cases: DriverCase[] = [fs, s3];
afterAll(async () => {
  await Promise.all(cases.map((c) => c.close()));
});

describe.each(cases)("publishing on $name", (driver) => {
  const articles = syntheticArticles(30);
  const v1 = renderSynthetic(articles);

  async function published() {
    const d = await driver.create();
    await publishSite(v1, d.storage);
    d.resetCounts();
    return d;
  }

  it("first publish stores every output with its Content-Type and Cache-Control", async () => {
    const d = await driver.create();
    const report = await publishSite(v1, d.storage);
    expect(report.puts).toHaveLength(v1.length);
    expect(d.counts().writes).toBe(v1.length + 2);
    await expectSite(d.storage, v1);
  });

  it("republishing unchanged content makes one read, zero writes and zero deletes", async () => {
    const d = await published();
    const report = await publishSite(renderSynthetic(articles), d.storage);
    expect(d.counts()).toEqual({ reads: 1, writes: 0, deletes: 0 });
    expect(report).toMatchObject({ puts: [], deletes: [], requests: 1, unchanged: v1.length });
  });

  it("editing one article rewrites its document, the two feeds and the manifest only", async () => {
    const d = await published();
    const edited = articles.map((a) => (a.slug === "story-028" ? { ...a, title: "Corrected headline" } : a));
    const v2 = renderSynthetic(edited);
    const report = await publishSite(v2, d.storage);
    expect([...report.puts].sort()).toEqual([
      "articles/story-028.jsonld",
      "feed.json",
      `sections/${articles[28]?.section}/feed.json`,
    ]);
    expect(d.counts()).toEqual({ reads: 3, writes: 3 + 2, deletes: 0 });
    expect(report.invalidationPaths).toEqual(report.puts.map((p) => `/${p}`).sort());
    await expectSite(d.storage, v2);
  });

  it("deleting an article deletes its document, and a re-run after that is a no-op", async () => {
    const d = await published();
    const v2 = renderSynthetic(articles.filter((a) => a.slug !== "story-029"));
    const report = await publishSite(v2, d.storage);
    expect(report.deletes).toEqual(["articles/story-029.jsonld"]);
    expect(d.counts().deletes).toBe(1);
    await expectSite(d.storage, v2);
    d.resetCounts();
    await publishSite(v2, d.storage);
    expect(d.counts()).toEqual({ reads: 1, writes: 0, deletes: 0 });
  });

  it("turning an article into a draft unpublishes it; turning it back republishes it", async () => {
    const d = await published();
    const drafted = articles.map((a) => (a.slug === "story-010" ? { ...a, draft: true } : a));
    const hidden = await publishSite(renderSynthetic(drafted), d.storage);
    expect(hidden.deletes).toEqual(["articles/story-010.jsonld"]);
    expect(await d.storage.head("articles/story-010.jsonld")).toBeUndefined();
    const shown = await publishSite(v1, d.storage);
    expect(shown.puts).toContain("articles/story-010.jsonld");
    expect(shown.created).toBe(1);
    await expectSite(d.storage, v1);
  });

  it("a scheduled article is left out until a later publish's now reaches it", async () => {
    const d = await driver.create();
    const scheduled: SyntheticArticle = {
      ...(articles[0] as SyntheticArticle),
      slug: "embargoed",
      published: "2030-06-01T09:00:00.000Z",
    };
    const all = [...articles, scheduled];
    const before = await publishSite(renderSynthetic(all, new Date("2030-05-31T00:00:00Z")), d.storage);
    expect(before.puts).not.toContain("articles/embargoed.jsonld");
    expect(await d.storage.head("articles/embargoed.jsonld")).toBeUndefined();
    const after = await publishSite(renderSynthetic(all, new Date("2030-06-01T09:00:00Z")), d.storage);
    expect(after.puts).toContain("articles/embargoed.jsonld");
    expect(decode((await d.storage.get("feed.json"))?.body)).toContain("articles/embargoed.jsonld");
  });

  it("a dry run reads the manifest and writes nothing", async () => {
    const d = await published();
    const report = await publishSite(renderSynthetic(articles.slice(3)), d.storage, { dryRun: true });
    expect(report.deletes).toHaveLength(3);
    expect(d.counts()).toEqual({ reads: 1, writes: 0, deletes: 0 });
    await expectSite(d.storage, v1);
  });
});

describe("publishing on S3 with a prefix", () => {
  it("keeps two sites apart in one bucket and writes keys under the prefix", async () => {
    const { storage: a } = await s3.createBehindProxy(undefined, 3, "newsroom-a/");
    const { storage: b } = await s3.createBehindProxy(undefined, 3, "newsroom-b/");
    const siteA = renderSynthetic(syntheticArticles(3));
    const siteB = renderSynthetic(syntheticArticles(5));
    await publishSite(siteA, a);
    await publishSite(siteB, b);
    await publishSite(renderSynthetic(syntheticArticles(2)), a);
    await expectSite(b, siteB);
    const whole = createS3Storage({ bucket: BUCKET, client: s3.server().client });
    const keys = await whole.list();
    expect(keys).toContain("newsroom-a/.feedpub/manifest.json");
    expect(keys).toContain("newsroom-b/articles/story-004.jsonld");
    expect(keys).not.toContain("newsroom-a/articles/story-002.jsonld");
  });
});
