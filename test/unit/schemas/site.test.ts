import { describe, expect, it } from "vitest";
import { validateSite } from "../../../functions/core/load/validators.js";
import { check, expectCase, type SchemaCase } from "./cases.js";

const BASE = {
  title: "Harbor Wire",
  description: "News.",
  baseUrl: "https://feeds.harborwire.example/",
  articleUrl: "https://www.harborwire.example/{yyyy}/{mm}/{slug}",
  language: "en",
  tagAuthority: "harborwire.example",
  publisher: { name: "Harbor Wire", url: "https://www.harborwire.example/" },
};

const long = (n: number) => "x".repeat(n);

const CASES: SchemaCase[] = [
  ["the minimal site is valid", [], undefined, true],
  ...(["title", "description", "baseUrl", "articleUrl", "language", "tagAuthority", "publisher"].map(
    (field): SchemaCase => [`${field} is required`, [field], undefined, "required"],
  ) as SchemaCase[]),
  ["unknown fields are refused", ["baseURL"], "https://x.example/", "additionalProperties"],
  ["title not empty", ["title"], "", "minLength"],
  ["title up to 200", ["title"], long(201), "maxLength"],
  ["description up to 1000", ["description"], long(1001), "maxLength"],
  ["baseUrl with a path", ["baseUrl"], "https://cdn.example/feeds/", true],
  ["baseUrl ends with a slash", ["baseUrl"], "https://cdn.example/feeds", "pattern"],
  ["baseUrl is http(s)", ["baseUrl"], "s3://bucket/", "pattern"],
  ["baseUrl has no query", ["baseUrl"], "https://cdn.example/?a=1/", "pattern"],
  [
    "articleUrl with placeholders",
    ["articleUrl"],
    "https://www.example.com/{section}/{yyyy}/{mm}/{dd}/{slug}",
    true,
  ],
  ["articleUrl needs {slug}", ["articleUrl"], "https://www.example.com/{yyyy}/", "pattern"],
  ["articleUrl absolute", ["articleUrl"], "/news/{slug}", "pattern"],
  ["language BCP 47", ["language"], "en-GB", true],
  ["language refuses names", ["language"], "English language", "pattern"],
  ["tagAuthority a domain", ["tagAuthority"], "news.harborwire.example", true],
  ["tagAuthority no scheme", ["tagAuthority"], "https://harborwire.example", "pattern"],
  ["tagAuthority lowercase", ["tagAuthority"], "HarborWire.example", "pattern"],
  ["publisher needs a url", ["publisher"], { name: "H" }, "required"],
  [
    "publisher logo with size",
    ["publisher", "logo"],
    { url: "https://h.example/l.png", width: 600, height: 60 },
    true,
  ],
  ["publisher logo needs a size", ["publisher", "logo"], { url: "https://h.example/l.png" }, "required"],
  ["publisher has no other fields", ["publisher", "email"], "a@h.example", "additionalProperties"],
  ["defaultAuthor a person", ["defaultAuthor"], { name: "Staff" }, true],
  ["defaultAuthor url http(s)", ["defaultAuthor"], { name: "Staff", url: "mailto:a@h.example" }, "pattern"],
  ["copyright up to 300", ["copyright"], long(301), "maxLength"],
  ["itemsPerFeed in range", ["itemsPerFeed"], 500, true],
  ["itemsPerFeed at least 1", ["itemsPerFeed"], 0, "minimum"],
  ["itemsPerFeed at most 500", ["itemsPerFeed"], 501, "maximum"],
  ["itemsPerFeed whole", ["itemsPerFeed"], 2.5, "type"],
  ["websubHub absolute", ["websubHub"], "https://hub.example/", true],
  ["websubHub http(s)", ["websubHub"], "ws://hub.example/", "pattern"],
  ["sections keyed by slug", ["sections"], { world: { title: "World", description: "All of it." } }, true],
  ["section keys are slugs", ["sections"], { "World News": { title: "World" } }, "propertyNames"],
  ["section needs a title", ["sections"], { world: {} }, "required"],
  [
    "section has no other fields",
    ["sections"],
    { world: { title: "W", color: "red" } },
    "additionalProperties",
  ],
];

describe("site.schema.json", () => {
  it.each(CASES)("%s", (...testCase) => {
    expectCase(validateSite, BASE, testCase);
  });

  it("fills in itemsPerFeed: 50 (the schema's default)", () => {
    expect(check(validateSite, BASE, [], undefined).data.itemsPerFeed).toBe(50);
  });
});
