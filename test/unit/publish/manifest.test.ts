import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ManifestError } from "../../../functions/core/publish/errors.js";
import {
  emptyManifest,
  type Manifest,
  parseManifest,
  serializeManifest,
} from "../../../functions/core/publish/manifest.js";

const entry = fc.record({
  sha256: fc.stringMatching(/^[0-9a-f]{64}$/),
  size: fc.nat(),
  contentType: fc.string(),
  cacheControl: fc.string(),
});
const manifest: fc.Arbitrary<Manifest> = fc.record(
  {
    version: fc.constant(1 as const),
    generation: fc.nat(),
    state: fc.constantFrom("publishing" as const, "deleting" as const, "complete" as const),
    files: fc.dictionary(fc.string({ minLength: 1 }), entry),
    pending: fc.uniqueArray(fc.string({ minLength: 1 })).map((p) => p.sort()),
    invalidate: fc.uniqueArray(fc.string({ minLength: 1 })).map((p) => p.sort()),
  },
  { requiredKeys: ["version", "generation", "state", "files", "pending"] },
);

describe("manifest", () => {
  it("round-trips any manifest and serialises deterministically", () => {
    fc.assert(
      fc.property(manifest, (m) => {
        const bytes = serializeManifest(m);
        const back = parseManifest(bytes);
        expect(back).toEqual(m);
        expect(serializeManifest(back)).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it("does not depend on the insertion order of files", () => {
    const e = { sha256: "a".repeat(64), size: 1, contentType: "t", cacheControl: "c" };
    const a = { ...emptyManifest(), files: { "b.json": e, "a.json": e } };
    const b = { ...emptyManifest(), files: { "a.json": e, "b.json": e } };
    expect(serializeManifest(a)).toEqual(serializeManifest(b));
  });

  it("refuses a manifest it did not write, saying how to recover", () => {
    const bad = [
      "not json",
      "[]",
      '{"version":2}',
      '{"version":1,"generation":1,"state":"complete","pending":[],"files":{"a":{"sha256":"x"}}}',
      // Digests that are not 64 lowercase hex digits.
      ...["A".repeat(64), "a".repeat(63), "a".repeat(65), `${"a".repeat(63)}g`, `${"0".repeat(63)}/`].map(
        (sha) =>
          `{"version":1,"generation":1,"state":"complete","pending":[],"headers":[["t","c"]],"files":{"a":["${sha}",1,0]}}`,
      ),
    ];
    for (const text of bad) {
      expect(() => parseManifest(new TextEncoder().encode(text))).toThrow(ManifestError);
    }
    expect(() => parseManifest(new TextEncoder().encode("{"))).toThrow(/Delete it to republish everything/);
    const good = `{"version":1,"generation":1,"state":"complete","pending":[],"headers":[["t","c"]],"files":{"a":["${"0123456789abcdef".repeat(4)}",1,0]}}`;
    expect(parseManifest(new TextEncoder().encode(good)).files.a?.sha256).toBe("0123456789abcdef".repeat(4));
  });
});
