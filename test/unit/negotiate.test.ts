import { describe, expect, it } from "vitest";
import { htmlViewFor } from "../../functions/core/negotiate.js";

const NAVIGATE = { "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" };
const lookup = (headers: Record<string, string>) => (name: string) => headers[name];

describe("htmlViewFor", () => {
  const browsers: Record<string, string> = {
    chrome:
      "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
    firefox: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    safari: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  };
  for (const [name, accept] of Object.entries(browsers)) {
    it(`sends ${name} opening a feed URL to the folder's HTML view`, () => {
      expect(htmlViewFor("/feed.xml", lookup({ ...NAVIGATE, accept }))).toBe("index.html");
      expect(htmlViewFor("/sections/world/atom.xml", lookup({ ...NAVIGATE, accept }))).toBe(
        "sections/world/index.html",
      );
    });
  }

  it("leaves feed readers on the feed, even ones that also accept HTML", () => {
    const readers = [
      { accept: "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.8" },
      { accept: "*/*" },
      { ...NAVIGATE, accept: "text/html, application/atom+xml" },
      { ...NAVIGATE, accept: "application/feed+json, text/html;q=0.5" },
    ];
    for (const headers of readers) expect(htmlViewFor("/feed.xml", lookup(headers))).toBeUndefined();
  });

  it("only rewrites top-level navigations to feed files", () => {
    const accept = browsers.chrome as string;
    expect(
      htmlViewFor("/feed.xml", lookup({ "sec-fetch-mode": "cors", "sec-fetch-dest": "empty", accept })),
    ).toBe(undefined);
    expect(htmlViewFor("/index.jsonld", lookup({ ...NAVIGATE, accept }))).toBeUndefined();
    expect(htmlViewFor("/myfeed.xml", lookup({ ...NAVIGATE, accept }))).toBeUndefined();
  });
});
