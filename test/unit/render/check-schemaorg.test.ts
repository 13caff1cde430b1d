import { describe, expect, it } from "vitest";
import { checkJsonLd } from "../../../scripts/check-schemaorg.js";

// A tiny hand-written slice of the vocabulary (the real one is a dev-time input, not a test fixture).
const vocab = {
  classes: new Map([
    ["Thing", []],
    ["CreativeWork", ["Thing"]],
    ["Article", ["CreativeWork"]],
    ["NewsArticle", ["Article"]],
    ["Person", ["Thing"]],
    ["Organization", ["Thing"]],
  ]),
  properties: new Map([
    ["name", ["Thing"]],
    ["headline", ["CreativeWork"]],
    ["dateline", ["NewsArticle"]],
    ["author", ["CreativeWork"]],
    ["logo", ["Organization"]],
  ]),
};

describe("check-schemaorg", () => {
  it("accepts properties whose domain includes the type or a superclass", () => {
    const doc = {
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: "h",
      dateline: "TOKYO",
      name: "n",
    };
    expect(checkJsonLd(vocab, doc)).toEqual([]);
  });

  it("reports unknown types, unknown properties and out-of-domain properties, nested and in @graph", () => {
    const doc = {
      "@graph": [
        { "@type": "Article", dateline: "X", author: { "@type": "Persn", name: "a" } },
        { "@type": "Person", logo: "l", colour: "red" },
        { "@id": "ref-only" },
      ],
    };
    expect(checkJsonLd(vocab, doc)).toEqual([
      "$.@graph[0].dateline: not in the domain of Article (domainIncludes: NewsArticle)",
      "$.@graph[0].author: @type Persn is not a schema.org class",
      "$.@graph[1].logo: not in the domain of Person (domainIncludes: Organization)",
      "$.@graph[1].colour: not a schema.org property",
    ]);
  });
});
