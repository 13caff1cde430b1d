/**
 * The manifest lock through the S3 driver and the real AWS SDK. s3rver ignores If-Match and
 * If-None-Match, so these tests put the fault proxy in front of it with `conditionalWrites`, which
 * applies S3's documented conditional-write rules (an emulation, not S3 itself). The same semantics
 * are proven natively on the memory and folder drivers (test/integration/storage, test/unit/publish).
 */
import { afterAll, describe, expect, it } from "vitest";
import { MANIFEST_PATH } from "../../../functions/core/media-types.js";
import type { OutputFile } from "../../../functions/core/model.js";
import { PublishConflictError, publishSite } from "../../../functions/core/publish/index.js";
import { createS3Storage } from "../../../functions/storage/s3.js";
import { PreconditionFailedError, type Storage } from "../../../functions/storage/types.js";
import { startFaultProxy } from "../../helpers/fault-proxy.js";
import { S3RVER_CREDENTIALS } from "../../helpers/s3rver.js";
import { siteProblems } from "./helpers/consistency.js";
import { BUCKET, fsCase, s3Case } from "./helpers/drivers.js";
import { pauseAtFirstHead, wrapStorage } from "./helpers/storage-wrappers.js";
import { renderSynthetic, syntheticArticles } from "./helpers/synthetic-site.js";

const s3 = s3Case();
afterAll(() => s3.close());

const decode = (b: Uint8Array | undefined) => new TextDecoder().decode(b);
const text = (t: string) => new TextEncoder().encode(t);
const DOC = { contentType: "application/json", cacheControl: "no-store" };
const articles = syntheticArticles(8);
const v1 = renderSynthetic(articles);
const a = renderSynthetic(articles.map((x) => (x.slug === "story-003" ? { ...x, title: "A's edit" } : x)));
const b = renderSynthetic(articles.filter((x) => x.slug !== "story-006"));

async function expectSite(storage: Storage, outputs: OutputFile[]) {
  expect((await storage.list()).filter((p) => p !== MANIFEST_PATH)).toEqual(
    outputs.map((o) => o.path).sort(),
  );
  for (const o of outputs) expect(decode((await storage.get(o.path))?.body), o.path).toBe(decode(o.body));
  expect(await siteProblems(storage)).toEqual([]);
}

const locking = (prefix: string) => s3.createBehindProxy(undefined, 3, prefix, { conditionalWrites: true });

describe("conditional writes through the S3 driver", () => {
  it("maps S3's 412 and 404 answers to PreconditionFailedError", async () => {
    const { storage } = await locking("cond/");
    const first = await storage.put("m.json", text("1"), { ...DOC, ifNoneMatch: "*" });
    await expect(storage.put("m.json", text("2"), { ...DOC, ifNoneMatch: "*" })).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    const second = await storage.put("m.json", text("2"), { ...DOC, ifMatch: first.etag });
    await expect(storage.put("m.json", text("3"), { ...DOC, ifMatch: first.etag })).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    await expect(storage.put("none.json", text("3"), { ...DOC, ifMatch: first.etag })).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    expect((await storage.head("m.json"))?.etag).toBe(second.etag);
  });

  it("retries a 409 ConditionalRequestConflict and then succeeds", async () => {
    const { storage, proxy } = await locking("conflict/");
    proxy.setPlan((_, r) =>
      r.method === "PUT" && proxy.requests.filter((x) => x.fault).length === 0 ? "409" : undefined,
    );
    await storage.put("m.json", text("1"), { ...DOC, ifNoneMatch: "*" });
    expect(proxy.requests.map((r) => r.fault ?? r.method)).toEqual(["409", "PUT"]);
  });
});

const fs = fsCase();
afterAll(() => fs.close());
let raceN = 0;
const racers: { name: string; create(): Promise<Storage> }[] = [
  {
    name: "S3 (SDK → proxy emulating conditional writes → s3rver)",
    create: async () => (await locking(`race-${raceN++}/`)).storage,
  },
  { name: "the local folder", create: async () => (await fs.create()).storage },
];

describe.each(racers)("two publishes at once on $name", (racer) => {
  it("started together: one wins, the loser fails having written nothing but its lock attempt", async () => {
    const storage = await racer.create();
    await publishSite(v1, storage);
    const spyA = wrapStorage(storage);
    const spyB = wrapStorage(storage);
    const [ra, rb] = await Promise.allSettled([publishSite(a, spyA), publishSite(b, spyB)]);
    expect([ra.status, rb.status].sort()).toEqual(["fulfilled", "rejected"]);
    const loser = ra.status === "rejected" ? ra : (rb as PromiseRejectedResult);
    expect(loser.reason).toBeInstanceOf(PublishConflictError);
    const loserCalls = ra.status === "rejected" ? spyA.calls : spyB.calls;
    expect(loserCalls.filter((c) => c.method === "put" || c.method === "delete")).toEqual([
      { method: "put", path: MANIFEST_PATH },
    ]);
    await expectSite(storage, ra.status === "fulfilled" ? a : b);
  });

  it("started while another is uploading: the later one completes, the earlier one stops before its feeds", async () => {
    const storage = await racer.create();
    await publishSite(v1, storage);
    const { storage: slow, pausedAt, release } = pauseAtFirstHead(storage);
    const first = publishSite(a, slow).catch((e: unknown) => e);
    await pausedAt;
    const second = await publishSite(b, storage);
    expect(second.recovered).toBe(true);
    release();
    expect(await first).toBeInstanceOf(PublishConflictError);
    await expectSite(storage, b);
  });
});

describe("the S3 driver's own client", () => {
  it("retries throttling and 5xx with backoff (SDK standard retry, 5 attempts)", async () => {
    const proxy = await startFaultProxy(s3.server().endpoint, (n) =>
      n <= 3 ? (n === 2 ? "500" : "503") : undefined,
    );
    try {
      const storage = createS3Storage({
        bucket: BUCKET,
        prefix: "retry/",
        endpoint: proxy.endpoint,
        region: "us-east-1",
        clientConfig: { credentials: S3RVER_CREDENTIALS },
      });
      await storage.put("feed.json", text("{}"), DOC);
      expect(proxy.requests.map((r) => r.fault ?? "ok")).toEqual(["503", "500", "503", "ok"]);
      storage.client.destroy();
    } finally {
      await proxy.stop();
    }
  });
});
