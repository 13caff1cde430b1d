/**
 * Fault injection on the real S3 path: the AWS SDK talks to s3rver through a proxy that fails the
 * Nth request (500, connection reset) or corrupts a body. Whatever fails, readers keep a consistent
 * site (every link in every feed and index resolves), and re-running the publish completes it.
 */
import { afterAll, describe, expect, it } from "vitest";
import { MANIFEST_PATH } from "../../../functions/core/media-types.js";
import type { OutputFile } from "../../../functions/core/model.js";
import { PublishError, publishSite } from "../../../functions/core/publish/index.js";
import { parseManifest } from "../../../functions/core/publish/manifest.js";
import { ChecksumMismatchError, type Storage } from "../../../functions/storage/index.js";
import type { Fault } from "../../helpers/fault-proxy.js";
import { siteProblems } from "./helpers/consistency.js";
import { fsCase, s3Case } from "./helpers/drivers.js";
import { failNth } from "./helpers/storage-wrappers.js";
import { renderSynthetic, type SyntheticArticle, syntheticArticles } from "./helpers/synthetic-site.js";

const s3 = s3Case();
const fs = fsCase();
afterAll(() => Promise.all([s3.close(), fs.close()]));

const decode = (b: Uint8Array | undefined) => new TextDecoder().decode(b);
const articles = syntheticArticles(6);
const v1 = renderSynthetic(articles);
// v2 edits one article, removes one and adds one in a new section.
const v2 = renderSynthetic([
  ...articles
    .filter((a) => a.slug !== "story-001")
    .map((a) => (a.slug === "story-004" ? { ...a, title: "Edited" } : a)),
  {
    ...(articles[0] as SyntheticArticle),
    slug: "added",
    section: "sport",
    title: "Added",
    published: "2026-03-01T00:00:00.000Z",
  },
]);

async function expectSite(storage: Storage, outputs: OutputFile[]) {
  expect((await storage.list()).filter((p) => p !== MANIFEST_PATH)).toEqual(
    outputs.map((o) => o.path).sort(),
  );
  for (const o of outputs) expect(decode((await storage.get(o.path))?.body), o.path).toBe(decode(o.body));
  expect(parseManifest((await storage.get(MANIFEST_PATH))?.body ?? new Uint8Array()).state).toBe("complete");
}

/** Requests an undisturbed v1 → v2 publish makes. */
const requestsPerPublish = await (async () => {
  const probe = s3Case();
  const { storage, proxy } = await probe.createBehindProxy();
  await publishSite(v1, storage);
  const before = proxy.requests.length;
  await publishSite(v2, storage);
  const n = proxy.requests.length - before;
  await probe.close();
  return n;
})();
const everyRequest = Array.from({ length: requestsPerPublish }, (_, i) => i + 1);

describe("a publish interrupted on S3", () => {
  it("makes enough requests for the sweep to mean something", () => {
    expect(requestsPerPublish).toBeGreaterThanOrEqual(15);
  });

  for (const fault of ["500", "reset"] as Fault[]) {
    it.each(everyRequest)(
      `by a ${fault} at request %i leaves a consistent site; a re-run completes it`,
      async (k) => {
        // One attempt per request, so the injected failure reaches the engine.
        const { storage, proxy } = await s3.createBehindProxy(undefined, 1);
        await publishSite(v1, storage);
        const base = proxy.requests.length;
        proxy.setPlan((i) => (i === base + k ? fault : undefined));
        const error = await publishSite(v2, storage).catch((e: unknown) => e);
        const faulted = proxy.requests.find((r) => r.fault === fault);
        expect(faulted).toBeDefined();
        // A read cut off by a reset is retried by the S3 driver itself; any other failure stops the
        // publish with a PublishError that says what readers see and to re-run.
        if (!(fault === "reset" && faulted?.method === "GET")) {
          expect(error).toBeInstanceOf(PublishError);
          expect((error as Error).message).toMatch(/re-run/i);
        }
        proxy.setPlan(undefined);
        expect(await siteProblems(storage)).toEqual([]);
        await publishSite(v2, storage);
        await expectSite(storage, v2);
      },
    );
  }
});

describe("a publish interrupted on the local folder", () => {
  it.each(everyRequest)("at request %i leaves a consistent site; a re-run completes it", async (k) => {
    const { storage } = await fs.create();
    await publishSite(v1, storage);
    const error = await publishSite(v2, failNth(storage, k)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect(await siteProblems(storage)).toEqual([]);
    await publishSite(v2, storage);
    await expectSite(storage, v2);
  });
});

describe("retries", () => {
  it.each(everyRequest.filter((k) => k % 3 === 1))(
    "absorb a 503 SlowDown, a 500 and a reset around request %i",
    async (k) => {
      const { storage, proxy } = await s3.createBehindProxy(undefined, 3);
      await publishSite(v1, storage);
      const base = proxy.requests.length;
      const faults: Record<number, Fault> = {
        [base + k]: "503",
        [base + k + 2]: "500",
        [base + k + 4]: "reset",
      };
      proxy.setPlan((i) => faults[i]);
      const report = await publishSite(v2, storage);
      const injected = proxy.requests.filter((r) => r.fault).length;
      expect(injected).toBeGreaterThanOrEqual(2);
      expect(proxy.requests.length - base).toBe(report.requests + injected);
      await expectSite(storage, v2);
    },
  );
});

describe("a corrupted upload", () => {
  it("is refused, the publish stops before its manifest, and a re-run repairs it", async () => {
    const { storage, proxy } = await s3.createBehindProxy(undefined, 1);
    await publishSite(v1, storage);
    proxy.setPlan((_, r) =>
      r.method === "PUT" && r.url.includes("/articles/added.jsonld") ? "corrupt" : undefined,
    );
    const error = await publishSite(v2, storage).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as Error).cause).toBeInstanceOf(ChecksumMismatchError);
    expect((error as Error).message).toMatch(/re-run the publish/);
    expect(parseManifest((await storage.get(MANIFEST_PATH))?.body ?? new Uint8Array()).state).toBe(
      "publishing",
    );
    expect(await siteProblems(storage)).toEqual([]);
    proxy.setPlan(undefined);
    await publishSite(v2, storage);
    await expectSite(storage, v2);
  });
});

describe("the manifest lock on S3", () => {
  // s3rver ignores If-Match / If-None-Match, so on S3 we check that the right conditions are sent;
  // their semantics are proven on the memory and folder drivers, which implement S3's rules.
  it("sends If-None-Match: * on the first publish and If-Match with the ETag read, then the lock's, after", async () => {
    const { storage, proxy } = await s3.createBehindProxy();
    await publishSite(v1, storage);
    const manifestPuts = () =>
      proxy.requests.filter((r) => r.method === "PUT" && r.url.includes(".feedpub/manifest.json"));
    expect(manifestPuts().map((r) => [r.headers["if-none-match"], r.headers["if-match"]])).toEqual([
      ["*", undefined],
      [undefined, expect.stringMatching(/^"[0-9a-f]{32}"$/)],
    ]);
    const stored = await storage.head(MANIFEST_PATH);
    await publishSite(v2, storage);
    const [lock, commit] = manifestPuts().slice(2);
    expect(lock?.headers["if-match"]).toBe(stored?.etag);
    expect(commit?.headers["if-match"]).not.toBe(stored?.etag);
    expect(manifestPuts().every((r) => typeof r.headers["content-md5"] === "string")).toBe(true);
  });
});
