/** resolveUrl with the articleUrl template compiled once per site, against the reference. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultId, resolveUrl } from "../../../functions/core/load/resolve.js";
import type { ArticleFrontMatter, Site } from "../../../functions/core/model.js";
import { resolveUrl as reference, defaultId as referenceDefaultId } from "./reference/resolve.js";

const piece = fc.oneof(
  fc.constantFrom(
    "{slug}",
    "{section}",
    "{yyyy}",
    "{mm}",
    "{dd}",
    "{other}",
    "{",
    "}",
    "{slug",
    "https://",
    "http://",
    "news.example.com",
    "/",
    "?q=",
    "#",
    "%20",
    " ",
    "é",
    "東京",
    "\\",
    "$&",
    "$1",
    "..",
  ),
  fc.string({ maxLength: 4 }),
);

const template = fc.oneof(
  fc.array(piece, { maxLength: 12 }).map((parts) => parts.join("")),
  fc.array(piece, { maxLength: 8 }).map((parts) => `https://news.example.com/${parts.join("")}`),
);

const slug = fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+)*$/);
const section = fc.option(fc.stringMatching(/^[a-z0-9-]{1,12}$/), { nil: undefined });
const published = fc.oneof(
  fc.constantFrom("2026-04-01T23:30:00-04:00", "2019-03-03T06:40:46+09:00", "x", ""),
  fc.string({ maxLength: 12 }),
);

describe("resolveUrl against the reference", () => {
  it("gives the same URL or problem for any template, slug, section and date", () => {
    fc.assert(
      fc.property(template, slug, section, published, (articleUrl, s, sec, pub) => {
        const site = { articleUrl } as Site;
        const front = { section: sec, published: pub } as ArticleFrontMatter;
        expect(resolveUrl(site, s, front)).toEqual(reference(site, s, front));
      }),
      { numRuns: 3000 },
    );
  });

  it("keeps a canonical URL as written", () => {
    const site = { articleUrl: "https://x.example/{slug}" } as Site;
    const front = { canonical: "https://elsewhere.example/a", published: "2026-01-01T00:00:00Z" };
    expect(resolveUrl(site, "a", front as ArticleFrontMatter)).toEqual(
      reference(site, "a", front as ArticleFrontMatter),
    );
  });
});

describe("defaultId against the reference", () => {
  const segment = fc.oneof(
    fc.stringMatching(/^[a-z0-9-]{1,12}$/),
    fc.string({ unit: "binary", maxLength: 8 }),
    fc.constantFrom(
      "Tide-Tables",
      "a b",
      "é",
      "東京",
      "%41",
      "a?b",
      "a#b",
      "(x)",
      "it's",
      "~!*",
      ".md",
      "x.MD",
    ),
  );
  const path = fc
    .array(segment, { minLength: 1, maxLength: 4 })
    .chain((parts) =>
      fc.constantFrom(".md", ".MD", "", ".markdown").map((ext) => `${parts.join("/")}${ext}`),
    );

  it("gives the same id for any path", () => {
    const site = { tagAuthority: "news.example.com" } as Site;
    fc.assert(
      fc.property(path, published, (p, pub) => {
        expect(defaultId(site, p, pub)).toBe(referenceDefaultId(site, p, pub));
      }),
      { numRuns: 3000 },
    );
  });
});
