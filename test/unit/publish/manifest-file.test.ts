/**
 * preview --watch writes its manifest in chunks (cli/preview/manifest-file.ts): the bytes must be
 * serializeManifest's, whatever the paths (escapes, non-ASCII, a 64 KB chunk boundary inside a
 * line), the header pairs and the order the entries come in.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeManifestFile } from "../../../functions/cli/preview/manifest-file.js";
import {
  type ManifestEntry,
  parseManifest,
  serializeManifest,
} from "../../../functions/core/publish/index.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function written(files: Map<string, ManifestEntry>, generation: number): Buffer {
  dir = mkdtempSync(join(tmpdir(), "feedpub-manifest-"));
  const file = join(dir, ".feedpub", "manifest.json");
  writeManifestFile(file, { generation, files });
  expect(readdirSync(join(dir, ".feedpub"))).toEqual(["manifest.json"]); // no temporary file left
  return readFileSync(file);
}

const expected = (files: Map<string, ManifestEntry>, generation: number) =>
  Buffer.from(
    serializeManifest({
      version: 1,
      generation,
      state: "complete",
      files: Object.fromEntries(files),
      pending: [],
    }),
  );

describe("writeManifestFile", () => {
  it("writes serializeManifest's bytes for a large manifest, entries in any order", () => {
    const files = new Map<string, ManifestEntry>();
    const kinds = [
      ["application/ld+json", "public, max-age=300"],
      ["application/rss+xml; charset=utf-8", "public, max-age=60"],
      ["text/html; charset=utf-8", "public, max-age=60"],
    ] as const;
    for (let i = 6000; i >= 0; i--) {
      const [contentType, cacheControl] = kinds[i % kinds.length] as (typeof kinds)[number];
      const odd = i % 97 === 0 ? `"quoted"\\é-日本-` : i % 89 === 0 ? "tab\there-" : "";
      files.set(`articles/${odd}story-${String(i).padStart(5, "0")}.jsonld`, {
        sha256: (i * 2654435761).toString(16).padStart(64, "0").slice(-64),
        size: i * 37,
        contentType,
        cacheControl,
      });
    }
    const bytes = written(files, 42);
    expect(bytes.byteLength).toBeGreaterThan(4 * 64 * 1024);
    expect(bytes.equals(expected(files, 42))).toBe(true);
    expect(Object.keys(parseManifest(bytes).files).length).toBe(files.size);
  });

  it("writes an empty manifest as serializeManifest does", () => {
    const files = new Map<string, ManifestEntry>();
    expect(written(files, 1).equals(expected(files, 1))).toBe(true);
  });
});
