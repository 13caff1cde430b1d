import { describe, expect, it } from "vitest";
import { encodedEtag, etagFor, httpDate, isNotModified } from "../../../functions/cli/preview/conditional.js";
import { CompressionCache, negotiateEncoding } from "../../../functions/cli/preview/encoding.js";
import { injectLiveReload } from "../../../functions/cli/preview/live-reload.js";

const text = (s: string) => new TextEncoder().encode(s);

describe("negotiateEncoding", () => {
  it.each([
    [undefined, undefined],
    ["", undefined],
    ["gzip, deflate, br", "br"],
    ["gzip", "gzip"],
    ["br;q=0, gzip", "gzip"],
    ["gzip;q=1.0, br;q=0.5", "gzip"],
    ["identity", undefined],
    ["*", "br"],
    ["*;q=0", undefined],
    ["BR", "br"],
  ])("%s → %s", (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });
});

describe("validators", () => {
  it("gives equal bodies equal strong ETags and different bodies different ones", () => {
    expect(etagFor(text("a"))).toBe(etagFor(text("a")));
    expect(etagFor(text("a"))).not.toBe(etagFor(text("b")));
    expect(etagFor(text("a"))).toMatch(/^"[^"]+"$/);
    expect(encodedEtag('"abc"', "br")).toBe('"abc-br"');
    expect(encodedEtag('"abc"', undefined)).toBe('"abc"');
  });

  it("matches If-None-Match weakly, across encodings, in lists and with *", () => {
    const modified = Date.parse("2026-11-20T00:00:00Z");
    expect(isNotModified('"abc"', undefined, '"abc"', modified)).toBe(true);
    expect(isNotModified('W/"abc"', undefined, '"abc"', modified)).toBe(true);
    expect(isNotModified('"abc-gzip"', undefined, '"abc"', modified)).toBe(true);
    expect(isNotModified('"x", "abc"', undefined, '"abc"', modified)).toBe(true);
    expect(isNotModified("*", undefined, '"abc"', modified)).toBe(true);
    expect(isNotModified('"abd"', httpDate(modified), '"abc"', modified)).toBe(false);
  });

  it("compares If-Modified-Since at second precision", () => {
    const modified = Date.parse("2026-11-20T00:00:00.900Z");
    expect(httpDate(modified)).toBe("Fri, 20 Nov 2026 00:00:00 GMT");
    expect(isNotModified(undefined, "Fri, 20 Nov 2026 00:00:00 GMT", '"a"', modified)).toBe(true);
    expect(isNotModified(undefined, "Thu, 19 Nov 2026 23:59:59 GMT", '"a"', modified)).toBe(false);
    expect(isNotModified(undefined, undefined, '"a"', modified)).toBe(false);
  });
});

describe("CompressionCache", () => {
  it("compresses once per ETag and encoding, and evicts the oldest past its budget", () => {
    const body = text(Array.from({ length: 3000 }, (_, i) => ((i * 7919) % 9973).toString(36)).join(","));
    const size = new CompressionCache().get('"probe"', body, "br").byteLength;
    const cache = new CompressionCache(Math.floor(size * 2.5));
    const first = cache.get('"one"', body, "br");
    expect(cache.get('"one"', body, "br")).toBe(first);
    expect(cache.get('"one"', body, "gzip")).not.toBe(first);
    cache.get('"two"', body, "br");
    cache.get('"three"', body, "br");
    expect(cache.size).toBeLessThan(4);
    expect(cache.get('"one"', body, "br")).not.toBe(first);
  });
});

describe("injectLiveReload", () => {
  it("puts the script before </body>, or at the end when there is none", () => {
    const page = new TextDecoder().decode(injectLiveReload(text("<html><body><p>é</p></BODY></html>")));
    expect(page).toMatch(
      /<p>é<\/p><script src="\/__feedpub\/live-reload\.js" defer><\/script>\n<\/BODY><\/html>$/,
    );
    const bare = new TextDecoder().decode(injectLiveReload(text("<p>x</p>")));
    expect(bare).toBe('<p>x</p><script src="/__feedpub/live-reload.js" defer></script>\n');
  });
});
