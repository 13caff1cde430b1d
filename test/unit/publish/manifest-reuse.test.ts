/** The lock's serialisation reuses the stored files only when that gives serializeManifest's bytes. */
import { describe, expect, it } from "vitest";
import {
  emptyManifest,
  type Manifest,
  type ManifestEntry,
  parseManifest,
  serializeManifest,
} from "../../../functions/core/publish/manifest.js";
import { serializeWithStoredFiles, storedFilesTail } from "../../../functions/core/publish/manifest-reuse.js";

const entry = (i: number, type = "application/ld+json; charset=utf-8"): ManifestEntry => ({
  sha256: i.toString(16).padStart(64, "0"),
  size: i,
  contentType: type,
  cacheControl: "public, max-age=3600",
});

const previousSites: Record<string, ManifestEntry>[] = [
  {},
  { "feed.xml": entry(1, "application/rss+xml; charset=utf-8") },
  Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`articles/a-${i}.jsonld`, entry(i)])),
  {
    'articles/quote"and\\slash.jsonld': entry(2),
    "articles/東京-🎉.jsonld": entry(3),
    "sections/x/feed.json": entry(4, 'application/feed+json; q="}{"'),
    "index.html": entry(5, "text/html; charset=utf-8"),
  },
];

function lockOf(previous: Manifest): Manifest {
  return {
    version: 1,
    generation: previous.generation + 1,
    state: "publishing",
    publishId: "p-1",
    files: previous.files,
    pending: ["feed.xml", "articles/new.jsonld"],
    invalidate: ["/feed.xml"],
  };
}

describe("lock manifest serialisation", () => {
  it("reuses a stored manifest's files and gives serializeManifest's bytes", () => {
    for (const files of previousSites) {
      for (const state of ["complete", "deleting", "publishing"] as const) {
        const stored = serializeManifest({ ...emptyManifest(), generation: 4, state, files, pending: ["x"] });
        const previous = parseManifest(stored);
        expect(storedFilesTail(stored)).toBeDefined();
        expect(Buffer.from(serializeWithStoredFiles(lockOf(previous), stored))).toEqual(
          Buffer.from(serializeManifest(lockOf(previous))),
        );
      }
    }
  });

  it("serialises in full a stored manifest of another form, even one that hides members", () => {
    const canonical = new TextDecoder().decode(
      serializeManifest({ ...emptyManifest(), generation: 2, files: previousSites[2] ?? {} }),
    );
    const line = canonical.split("\n").find((l) => l.startsWith('    "articles/a-1.jsonld"')) ?? "";
    const others = [
      // Whitespace of another writer.
      JSON.stringify(JSON.parse(canonical)),
      canonical.replace(/\n/g, "\r\n"),
      // A member after the headers, or after a files object closed early.
      canonical.replace('],\n  "files": {', '], "pending": ["evil"],\n  "files": {'),
      canonical.replace(line, `${line.replace(/,$/, "")}}, "pending": ["evil"], "more": {${line}`),
      canonical.replace(/\n}\n$/, ',\n  "pending": ["evil"]\n}\n'),
    ];
    for (const text of others) {
      const stored = new TextEncoder().encode(text);
      const previous = parseManifest(stored);
      expect(storedFilesTail(stored)).toBeUndefined();
      expect(Buffer.from(serializeWithStoredFiles(lockOf(previous), stored))).toEqual(
        Buffer.from(serializeManifest(lockOf(previous))),
      );
    }
  });
});
