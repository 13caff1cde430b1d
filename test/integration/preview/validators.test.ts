import { rm, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PreviewServer, startPreviewServer } from "../../../functions/cli/preview/server.js";
import { request } from "./http.js";
import { SITE_FILES, writeSiteFixture } from "./site-fixture.js";

let server: PreviewServer;
let parent: string;
let root: string;

beforeAll(async () => {
  ({ parent, root } = await writeSiteFixture());
  await utimes(join(root, "atom.xml"), new Date("2026-11-20T00:00:00Z"), new Date("2026-11-20T00:00:00Z"));
  server = await startPreviewServer({ root, port: 0 });
});

afterAll(async () => {
  await server.close();
  await rm(parent, { recursive: true, force: true });
});

describe("preview server: validators and 304", () => {
  it("sends a strong ETag that depends on the content, and the file's Last-Modified", async () => {
    const res = await request(server.port, "/atom.xml");
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(res.headers["last-modified"]).toBe("Fri, 20 Nov 2026 00:00:00 GMT");
    const other = await request(server.port, "/feed.xml");
    expect(other.headers.etag).not.toBe(res.headers.etag);
  });

  it("answers 304 with no body to a matching If-None-Match, 200 to a stale one", async () => {
    const first = await request(server.port, "/feed.xml");
    const etag = String(first.headers.etag);
    const again = await request(server.port, "/feed.xml", { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.body.byteLength).toBe(0);
    expect(again.headers.etag).toBe(etag);
    expect(again.headers["cache-control"]).toBe(first.headers["cache-control"]);
    expect(again.headers["access-control-allow-origin"]).toBe("*");
    const list = await request(server.port, "/feed.xml", { headers: { "if-none-match": `"nope", ${etag}` } });
    expect(list.status).toBe(304);
    const stale = await request(server.port, "/feed.xml", { headers: { "if-none-match": '"stale"' } });
    expect(stale.status).toBe(200);
    expect(stale.body.toString()).toBe(SITE_FILES["feed.xml"]);
  });

  it("answers 304 to If-Modified-Since at or after the modification time, 200 before it", async () => {
    const at = await request(server.port, "/atom.xml", {
      headers: { "if-modified-since": "Fri, 20 Nov 2026 00:00:00 GMT" },
    });
    expect(at.status).toBe(304);
    const before = await request(server.port, "/atom.xml", {
      headers: { "if-modified-since": "Thu, 19 Nov 2026 23:59:59 GMT" },
    });
    expect(before.status).toBe(200);
    const garbage = await request(server.port, "/atom.xml", {
      headers: { "if-modified-since": "yesterday" },
    });
    expect(garbage.status).toBe(200);
  });

  it("lets If-None-Match win over If-Modified-Since", async () => {
    const res = await request(server.port, "/atom.xml", {
      headers: { "if-none-match": '"changed"', "if-modified-since": "Sat, 21 Nov 2026 00:00:00 GMT" },
    });
    expect(res.status).toBe(200);
  });

  it("changes the ETag when the file changes", async () => {
    const before = await request(server.port, "/sections/world/feed.json");
    await writeFile(
      join(root, "sections/world/feed.json"),
      '{"version":"https://jsonfeed.org/version/1.1","items":[1]}\n',
    );
    const after = await request(server.port, "/sections/world/feed.json", {
      headers: { "if-none-match": String(before.headers.etag) },
    });
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });
});

describe("preview server: compression", () => {
  it.each(["/feed.xml", "/feed.json", "/index.html", "/atom.xml", "/articles/harbour-1.jsonld"])(
    "%s: br and gzip bodies decompress to the original bytes",
    async (path) => {
      const original = SITE_FILES[path.slice(1)] ?? "";
      expect(Buffer.byteLength(original)).toBeGreaterThanOrEqual(1000);
      const br = await request(server.port, path, { headers: { "accept-encoding": "gzip, deflate, br" } });
      expect(br.headers["content-encoding"]).toBe("br");
      expect(br.headers.vary).toMatch(/Accept-Encoding/);
      expect(br.body.byteLength).toBeLessThan(Buffer.byteLength(original));
      expect(brotliDecompressSync(br.body).toString("utf8")).toBe(original);
      const gzip = await request(server.port, path, { headers: { "accept-encoding": "gzip" } });
      expect(gzip.headers["content-encoding"]).toBe("gzip");
      expect(gunzipSync(gzip.body).toString("utf8")).toBe(original);
      expect(gzip.headers.etag).not.toBe(br.headers.etag);
    },
  );

  it("sends identity when the client does not ask, refuses br with q=0, and skips small files", async () => {
    const plain = await request(server.port, "/feed.xml");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe(SITE_FILES["feed.xml"]);
    const noBr = await request(server.port, "/feed.xml", { headers: { "accept-encoding": "br;q=0, gzip" } });
    expect(noBr.headers["content-encoding"]).toBe("gzip");
    const small = await request(server.port, "/sections/world/atom.xml", {
      headers: { "accept-encoding": "br" },
    });
    expect(small.headers["content-encoding"]).toBeUndefined();
  });

  it("revalidates a compressed copy with its own ETag and keeps the encoding's headers on HEAD", async () => {
    const br = await request(server.port, "/feed.json", { headers: { "accept-encoding": "br" } });
    const again = await request(server.port, "/feed.json", {
      headers: { "accept-encoding": "br", "if-none-match": String(br.headers.etag) },
    });
    expect(again.status).toBe(304);
    const head = await request(server.port, "/feed.json", {
      method: "HEAD",
      headers: { "accept-encoding": "br" },
    });
    expect(head.headers["content-encoding"]).toBe("br");
    expect(head.headers["content-length"]).toBe(String(br.body.byteLength));
  });
});
