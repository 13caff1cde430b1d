import { describe, expect, it } from "vitest";
import { validateArticle } from "../../../functions/core/load/validators.js";
import { check, expectCase, type SchemaCase } from "./cases.js";

const BASE = {
  title: "Harbor cranes idle",
  published: "2026-03-14T06:45:00-05:00",
};

const long = (n: number) => "x".repeat(n);

// One rule per row, each with a passing and a failing value.
const CASES: SchemaCase[] = [
  ["the minimal article is valid", [], undefined, true],
  ["title is required", ["title"], undefined, "required"],
  ["published is required", ["published"], undefined, "required"],
  ["unknown fields are refused", ["titel"], "x", "additionalProperties"],
  ["title is text", ["title"], 2026, "type"],
  ["title may not be empty", ["title"], "", "minLength"],
  ["title may not be blank", ["title"], "   ", "pattern"],
  ["title up to 300 characters", ["title"], long(300), true],
  ["title over 300 characters", ["title"], long(301), "maxLength"],
  ["id may be a tag: URI", ["id"], "tag:harborwire.example,2026-03-14:cranes", true],
  ["id may be a urn:", ["id"], "urn:uuid:6b1f7d4e-3c1a-4e8b-9a2f-0d5c7e9b1a22", true],
  ["id must be a URI", ["id"], "just words", "format"],
  ["id up to 500 characters", ["id"], `urn:x:${long(500)}`, "maxLength"],
  ["slug lowercase with hyphens", ["slug"], "harbor-cranes-2026", true],
  ["slug refuses capitals", ["slug"], "Harbor-Cranes", "pattern"],
  ["slug refuses double hyphens", ["slug"], "harbor--cranes", "pattern"],
  ["slug up to 120 characters", ["slug"], long(121), "maxLength"],
  ["published with Z", ["published"], "2026-03-14T11:45:00Z", true],
  ["published with fractional seconds", ["published"], "2026-03-14T11:45:00.123+09:00", true],
  ["published without offset", ["published"], "2026-03-14T11:45:00", "format"],
  ["published date only", ["published"], "2026-03-14", "format"],
  ["published with a space separator", ["published"], "2026-03-14 11:45:00Z", "pattern"],
  ["published offset without colon", ["published"], "2026-03-14T11:45:00+0900", "pattern"],
  ["published impossible date", ["published"], "2026-02-30T11:45:00Z", "format"],
  ["updated with offset", ["updated"], "2026-03-15T08:00:00+01:00", true],
  ["updated without offset", ["updated"], "2026-03-15T08:00:00", "format"],
  ["dateline text", ["dateline"], "TOKYO", true],
  ["dateline not empty", ["dateline"], "", "minLength"],
  ["dateline up to 100", ["dateline"], long(101), "maxLength"],
  ["authors list of people", ["authors"], [{ name: "A" }, { name: "B", url: "https://b.example/" }], true],
  ["authors not empty", ["authors"], [], "minItems"],
  ["authors at most 20", ["authors"], Array.from({ length: 21 }, () => ({ name: "A" })), "maxItems"],
  ["author needs a name", ["authors"], [{ url: "https://b.example/" }], "required"],
  ["author url is http(s)", ["authors"], [{ name: "A", url: "ftp://b.example/" }], "pattern"],
  ["author has no other fields", ["authors"], [{ name: "A", email: "a@b.example" }], "additionalProperties"],
  ["authors is a list", ["authors"], { name: "A" }, "type"],
  ["editor is a person", ["editor"], { name: "E" }, true],
  ["editor needs a name", ["editor"], {}, "required"],
  [
    "source with name and URLs",
    ["source"],
    { name: "Ledger", url: "https://l.example/", articleUrl: "https://l.example/a" },
    true,
  ],
  ["source needs a name", ["source"], { url: "https://l.example/" }, "required"],
  ["source articleUrl is http(s)", ["source"], { name: "L", articleUrl: "l.example/a" }, "format"],
  ["source has no other fields", ["source"], { name: "L", phone: "1" }, "additionalProperties"],
  ["section is a slug", ["section"], "world", true],
  ["section refuses spaces", ["section"], "World News", "pattern"],
  ["tags unique text", ["tags"], ["a", "b"], true],
  ["tags unique", ["tags"], ["a", "a"], "uniqueItems"],
  ["tag not blank", ["tags"], [" "], "pattern"],
  ["tag not empty", ["tags"], [""], "minLength"],
  ["tag up to 100", ["tags"], [long(101)], "maxLength"],
  ["tags at most 50", ["tags"], Array.from({ length: 51 }, (_, i) => `t${i}`), "maxItems"],
  ["summary text", ["summary"], "A short summary.", true],
  ["summary not empty", ["summary"], "", "minLength"],
  ["summary up to 2000", ["summary"], long(2001), "maxLength"],
  ["image with url and alt", ["image"], { url: "https://i.example/a.jpg", alt: "A" }, true],
  ["image needs alt", ["image"], { url: "https://i.example/a.jpg" }, "required"],
  ["image needs url", ["image"], { alt: "A" }, "required"],
  ["image width whole number", ["image"], { url: "https://i.example/a.jpg", alt: "A", width: 10.5 }, "type"],
  ["image width at least 1", ["image"], { url: "https://i.example/a.jpg", alt: "A", width: 0 }, "minimum"],
  [
    "image height at most 20000",
    ["image"],
    { url: "https://i.example/a.jpg", alt: "A", height: 20001 },
    "maximum",
  ],
  ["image type known", ["image"], { url: "https://i.example/a", alt: "A", type: "image/webp" }, true],
  [
    "image type from the list",
    ["image"],
    { url: "https://i.example/a", alt: "A", type: "image/jpg" },
    "enum",
  ],
  ["image length at least 1", ["image"], { url: "https://i.example/a.jpg", alt: "A", length: 0 }, "minimum"],
  [
    "image caption not empty",
    ["image"],
    { url: "https://i.example/a.jpg", alt: "A", caption: "" },
    "minLength",
  ],
  [
    "image credit up to 300",
    ["image"],
    { url: "https://i.example/a.jpg", alt: "A", credit: long(301) },
    "maxLength",
  ],
  [
    "image has no other fields",
    ["image"],
    { url: "https://i.example/a.jpg", alt: "A", title: "T" },
    "additionalProperties",
  ],
  ["language BCP 47", ["language"], "zh-Hant", true],
  ["language not a name", ["language"], "english", "pattern"],
  ["canonical absolute", ["canonical"], "https://www.example.com/a", true],
  ["canonical not relative", ["canonical"], "/2026/03/a", "format"],
  ["draft boolean", ["draft"], true, true],
  ["draft not text", ["draft"], "yes", "type"],
];

describe("article.schema.json", () => {
  it.each(CASES)("%s", (...testCase) => {
    expectCase(validateArticle, BASE, testCase);
  });

  it("fills in draft: false (the schema's default)", () => {
    const { data } = check(validateArticle, BASE, [], undefined);
    expect(data.draft).toBe(false);
  });
});
