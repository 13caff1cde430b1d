/**
 * One contract suite, run against every storage driver: memory, a temp folder, and the S3 driver
 * talking to s3rver on loopback through the real AWS SDK.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CACHE_LONG, CACHE_SHORT, contentTypeFor } from "../../../functions/core/media-types.js";
import { etagOf, md5Base64 } from "../../../functions/storage/checksum.js";
import {
  ChecksumMismatchError,
  createFsStorage,
  createMemoryStorage,
  PreconditionFailedError,
  type Storage,
  StorageError,
  StorageOptionsError,
} from "../../../functions/storage/index.js";
import { createS3Storage } from "../../../functions/storage/s3.js";
import { type RunningS3rver, startS3rver } from "../../helpers/s3rver.js";

const text = (s: string) => new TextEncoder().encode(s);
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

async function mustGet(storage: Storage, path: string) {
  const object = await storage.get(path);
  if (!object) throw new Error(`expected ${path} to exist`);
  return object;
}
const FEED = { contentType: contentTypeFor("feed.xml"), cacheControl: CACHE_SHORT };
const DOC = { contentType: contentTypeFor("a.jsonld"), cacheControl: CACHE_LONG };

interface DriverCase {
  name: string;
  /** Honours If-Match / If-None-Match (s3rver ignores them). */
  preconditions: boolean;
  create(): Promise<Storage>;
}

let s3: RunningS3rver;
let bucketCount = 0;
const temps: string[] = [];

beforeAll(async () => {
  s3 = await startS3rver({ buckets: ["contract-0", "contract-1", "contract-2", "contract-3", "own-client"] });
});
afterAll(async () => {
  await s3?.stop();
  await Promise.all(temps.map((t) => rm(t, { recursive: true, force: true })));
});

const drivers: DriverCase[] = [
  { name: "memory", preconditions: true, create: async () => createMemoryStorage() },
  {
    name: "fs",
    preconditions: true,
    async create() {
      const root = await mkdtemp(join(tmpdir(), "feedpub-fs-"));
      temps.push(root);
      return createFsStorage({ root });
    },
  },
  {
    name: "s3 (s3rver)",
    preconditions: false,
    async create() {
      // A fresh prefix per test keeps tests independent inside the shared buckets.
      const n = bucketCount++;
      return createS3Storage({ bucket: `contract-${n % 4}`, prefix: `t${n}/`, client: s3.client });
    },
  },
];

describe.each(drivers)("storage contract: $name", (driver) => {
  let storage: Storage;
  beforeEach(async () => {
    storage = await driver.create();
  });

  it("stores, reads back and heads an object with its ETag, type and cache headers", async () => {
    const body = text("<rss>déjà 東京</rss>");
    const { etag } = await storage.put("feed.xml", body, FEED);
    expect(etag).toBe(etagOf(body));
    const got = await storage.get("feed.xml");
    expect(got && decode(got.body)).toBe("<rss>déjà 東京</rss>");
    expect(got).toMatchObject({ etag, size: body.byteLength, ...FEED });
    expect(await storage.head("feed.xml")).toMatchObject({ etag, size: body.byteLength, ...FEED });
  });

  it("returns undefined for a missing object and lists nothing when empty", async () => {
    expect(await storage.get("nope.json")).toBeUndefined();
    expect(await storage.head("nope.json")).toBeUndefined();
    expect(await storage.list()).toEqual([]);
  });

  it("lists nested paths sorted, and overwrites in place", async () => {
    await storage.put("sections/world/feed.xml", text("w"), FEED);
    await storage.put("articles/b.jsonld", text("b"), DOC);
    await storage.put("articles/a.jsonld", text("a"), DOC);
    await storage.put(".feedpub/manifest.json", text("{}"), {
      contentType: "application/json",
      cacheControl: "no-store",
    });
    await storage.put("articles/a.jsonld", text("a2"), DOC);
    expect(await storage.list()).toEqual([
      ".feedpub/manifest.json",
      "articles/a.jsonld",
      "articles/b.jsonld",
      "sections/world/feed.xml",
    ]);
    expect(decode((await mustGet(storage, "articles/a.jsonld")).body)).toBe("a2");
  });

  it("deletes, and deleting a missing object is not an error", async () => {
    await storage.put("articles/a.jsonld", text("a"), DOC);
    await storage.delete("articles/a.jsonld");
    await storage.delete("articles/a.jsonld");
    expect(await storage.get("articles/a.jsonld")).toBeUndefined();
    expect(await storage.list()).toEqual([]);
  });

  it("keeps binary bodies byte for byte", async () => {
    const body = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    await storage.put("img.png", body, { contentType: "image/png", cacheControl: CACHE_SHORT });
    expect(Buffer.from((await mustGet(storage, "img.png")).body).equals(Buffer.from(body))).toBe(true);
  });

  it("refuses paths that could escape the root", async () => {
    for (const bad of ["", "/feed.xml", "../x.json", "a/../../x", "a//b", "a\\b"]) {
      await expect(storage.put(bad, text("x"), FEED), bad).rejects.toBeInstanceOf(StorageError);
    }
  });

  it("refuses a body whose MD5 does not match the Content-MD5 sent with it", async () => {
    const error = await storage
      .put("feed.xml", text("corrupted"), { ...FEED, contentMd5: md5Base64(text("original")) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChecksumMismatchError);
    expect((error as Error).name).toBe("ChecksumMismatchError");
  });
});

/** s3rver ignores If-Match / If-None-Match, so the lock's semantics are proven on the drivers that implement them. */
describe.each(drivers.filter((d) => d.preconditions))("storage conditional writes: $name", (driver) => {
  let storage: Storage;
  beforeEach(async () => {
    storage = await driver.create();
  });

  it("If-None-Match: * creates once, then fails", async () => {
    await storage.put("m.json", text("1"), { ...DOC, ifNoneMatch: "*" });
    const error = await storage.put("m.json", text("2"), { ...DOC, ifNoneMatch: "*" }).catch((e) => e);
    expect(error).toBeInstanceOf(PreconditionFailedError);
    expect(decode((await mustGet(storage, "m.json")).body)).toBe("1");
  });

  it("If-Match writes only over the expected ETag", async () => {
    const first = await storage.put("m.json", text("1"), DOC);
    const second = await storage.put("m.json", text("2"), { ...DOC, ifMatch: first.etag });
    await expect(storage.put("m.json", text("3"), { ...DOC, ifMatch: first.etag })).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    await expect(storage.put("gone.json", text("3"), { ...DOC, ifMatch: first.etag })).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    expect((await mustGet(storage, "m.json")).etag).toBe(second.etag);
  });

  it("of many racing conditional writers exactly one wins", async () => {
    const base = await storage.put("m.json", text("base"), DOC);
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        storage.put("m.json", text(`w${i}`), { ...DOC, ifMatch: base.etag }),
      ),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") expect(r.reason).toBeInstanceOf(PreconditionFailedError);
    }
    const winner = (won[0] as PromiseFulfilledResult<{ etag: string }>).value.etag;
    expect((await mustGet(storage, "m.json")).etag).toBe(winner);
  });
});

describe("fs driver specifics", () => {
  it("leaves no temp or lock files behind and removes emptied folders", async () => {
    const root = await mkdtemp(join(tmpdir(), "feedpub-fs-"));
    temps.push(root);
    const storage = createFsStorage({ root });
    await storage.put("sections/a/feed.xml", text("x"), FEED);
    await storage.put("m.json", text("1"), { ...DOC, ifNoneMatch: "*" });
    expect((await readdir(join(root, "sections/a"))).sort()).toEqual(["feed.xml"]);
    expect((await readdir(root)).sort()).toEqual(["m.json", "sections"]);
    await storage.delete("sections/a/feed.xml");
    expect(await readdir(root)).toEqual(["m.json"]);
  });

  it("checks its options first", () => {
    expect(() => createFsStorage({ root: "" })).toThrow(StorageOptionsError);
  });
});

describe("s3 driver specifics", () => {
  it("writes Content-Type and Cache-Control that HeadObject reads back, under the prefix", async () => {
    const storage = createS3Storage({ bucket: "contract-0", prefix: "news", client: s3.client });
    await storage.put("sections/world/atom.xml", text("<feed/>"), {
      contentType: contentTypeFor("atom.xml"),
      cacheControl: CACHE_SHORT,
    });
    const head = await s3.client.send(
      new HeadObjectCommand({ Bucket: "contract-0", Key: "news/sections/world/atom.xml" }),
    );
    expect(head.ContentType).toBe("application/atom+xml; charset=utf-8");
    expect(head.CacheControl).toBe(CACHE_SHORT);
    expect(storage.location).toBe("s3://contract-0/news/");
  });

  it("keeps prefixes apart", async () => {
    const a = createS3Storage({ bucket: "contract-1", prefix: "a/", client: s3.client });
    const b = createS3Storage({ bucket: "contract-1", prefix: "b/", client: s3.client });
    await a.put("feed.xml", text("a"), FEED);
    await b.put("feed.xml", text("b"), FEED);
    expect(await a.list()).toEqual(["feed.xml"]);
    expect(decode((await mustGet(b, "feed.xml")).body)).toBe("b");
    await a.delete("feed.xml");
    expect(await b.list()).toEqual(["feed.xml"]);
  });

  it("builds its own path-style client from an endpoint", async () => {
    const storage = createS3Storage({
      bucket: "own-client",
      endpoint: s3.endpoint,
      region: "us-east-1",
      clientConfig: { credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } },
    });
    await storage.put("feed.json", text("{}"), FEED);
    expect(await storage.list()).toEqual(["feed.json"]);
    storage.client.destroy();
  });

  it("checks its options first and names each problem", () => {
    expect(() => createS3Storage({ bucket: "Bad_Bucket" })).toThrow(/option 'bucket'/);
    expect(() => createS3Storage({ bucket: "ok-bucket", endpoint: "ftp://x" })).toThrow(/option 'endpoint'/);
    expect(() => createS3Storage({ bucket: "ok-bucket", prefix: "/abs" })).toThrow(/option 'prefix'/);
    expect(() => createS3Storage({ bucket: "ok-bucket", region: "EU WEST" })).toThrow(StorageOptionsError);
  });
});
