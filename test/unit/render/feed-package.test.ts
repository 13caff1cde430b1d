/**
 * Why feedpub renders its feeds from its own element trees and typed objects instead of calling the
 * `feed` package (v6) directly: these are the spec problems v6 has, checked against the installed
 * version. If an upgrade fixes them, this test fails and the decision can be revisited.
 */
import { XMLValidator } from "fast-xml-parser";
import { Feed } from "feed";
import { describe, expect, it, vi } from "vitest";

function sample(): Feed {
  const feed = new Feed({
    title: "T",
    id: "https://x.example/",
    link: "https://x.example/",
    copyright: "c",
    generator: false,
    feedLinks: { json: "https://x.example/feed.json" },
  });
  feed.addItem({
    title: "a ]]> b ]]> c",
    id: "tag:x.example,2026:1",
    link: "https://x.example/1",
    date: new Date("2026-11-27T00:30:00+09:00"),
    content: "<p>x ]]> y ]]> z</p>",
    author: [{ name: "Aiko" }],
    category: [{ name: "world" }],
    image: "https://x.example/a.jpg",
  });
  return feed;
}

describe("feed v6 as installed", () => {
  it("splits only the first ]]> of a CDATA section, so the XML is malformed", () => {
    expect(XMLValidator.validate(sample().rss2())).not.toBe(true);
    expect(XMLValidator.validate(sample().atom1())).not.toBe(true);
  });

  it("emits JSON Feed 1.0 (single author, no language) rather than 1.1", () => {
    const json = JSON.parse(sample().json1());
    expect(json.version).toBe("https://jsonfeed.org/version/1");
    expect(json.items[0].author).toEqual({ name: "Aiko" });
    expect(json.items[0].authors).toBeUndefined();
  });

  it("puts author names in RSS <author>, guesses image/jpg with length 0, drops the dateline offset", () => {
    const rss = sample().rss2();
    expect(rss).toContain("<author>Aiko</author>");
    expect(rss).toContain('type="image/jpg"');
    expect(rss).toContain("GMT</pubDate>");
  });

  it("marks Atom titles as HTML and writes categories without the required term", () => {
    const atom = sample().atom1();
    expect(atom).toContain('<title type="html">');
    expect(atom).toMatch(/<category label="world"\/>/);
  });

  it("stamps the build time when the feed has no updated date", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2031-05-06T07:08:09Z"));
    try {
      expect(sample().rss2()).toContain("<lastBuildDate>Tue, 06 May 2031 07:08:09 GMT</lastBuildDate>");
    } finally {
      vi.useRealTimers();
    }
  });
});
