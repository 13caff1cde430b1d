/** The render cache file's encoding (cli/render-cache-file.ts): written in ASCII, read either way. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { asciiJson, decodeCache, openRenderCache } from "../../../functions/cli/render-cache-file.js";
import { loadContent } from "../../../functions/core/load.js";
import { renderSite } from "../../../functions/core/render/index.js";
import { hostileCorpus } from "./hostile-corpus.js";

const NOW = new Date("2026-11-27T00:00:00Z");
const HOSTILE = [
  "Tromsø",
  "東京",
  "🎉🇵🇹",
  "\u0085\u2028\u2029",
  "\u202eRTL",
  'q"\\',
  "\ud800 lone",
  "ÿ\u0100",
];

describe("render cache file encoding", () => {
  it("asciiJson keeps the JSON value and leaves only ASCII; decodeCache reads ASCII and UTF-8 files alike", () => {
    const value = { strings: HOSTILE, [HOSTILE.join("")]: HOSTILE };
    const json = JSON.stringify(value);
    const ascii = asciiJson(json);
    expect(ascii).toMatch(/^[\x20-\x7e]*$/);
    expect(JSON.parse(decodeCache(Buffer.from(ascii, "utf8")))).toEqual(value);
    // A file written as UTF-8 (by an earlier feedpub) is decoded as UTF-8, not byte by byte.
    expect(JSON.parse(decodeCache(Buffer.from(json, "utf8")))).toEqual(value);
  });

  it("a saved cache is ASCII, and a run reading it back renders the same bytes as a run without it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "feedpub-cache-ascii-"));
    try {
      const env = { FEEDPUB_CACHE_DIR: dir };
      const files = hostileCorpus(40);
      const build = (cache?: Awaited<ReturnType<typeof openRenderCache>>) => {
        const load = loadContent(files, {
          now: NOW,
          ...(cache ? { bodyCache: cache.cache.bodies } : {}),
        });
        if (!load.site) throw new Error("corpus did not load");
        const site = load.site;
        return new Map(
          [
            ...renderSite(
              { site, articles: load.articles },
              cache ? { bodyCache: cache.cache.bodies, documents: cache.cache.documentsFor(site) } : {},
            ),
          ].map((f) => [f.path, Buffer.from(f.body).toString("base64")]),
        );
      };
      const plain = build();
      const first = await openRenderCache(dir, env, "content");
      build(first);
      await first?.save();
      const bytes = readFileSync(first?.path as string);
      expect(bytes.every((b) => b < 0x80)).toBe(true);
      expect(bytes.toString("latin1")).toContain("\\u6771\\u4eac");
      const second = await openRenderCache(dir, env, "content");
      expect(build(second)).toEqual(plain);
      expect(second?.cache.stats().bodiesReused).toBeGreaterThan(0);
      // A damaged file (cut in the middle of an escape) is ignored: a full, correct run.
      const text = bytes.toString("latin1");
      writeFileSync(first?.path as string, text.slice(0, text.indexOf("\\u6771") + 3));
      const third = await openRenderCache(dir, env, "content");
      expect(build(third)).toEqual(plain);
      expect(third?.cache.stats().bodiesReused).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
