/**
 * Feeds for `feedpub preview --watch` without re-rendering every item on every edit: each item is
 * rendered once (per site config and article source) into its exact bytes in the document, and a
 * feed is the core renderer's own document with no items, with the items' bytes spliced in.
 *
 * Why the bytes are the same as `renderRss`/`renderAtom`/`renderJsonFeed` with all the items:
 *   - RSS and Atom are serialised element trees where the items are the last children of one
 *     element and each item's serialisation depends only on that item (and the site). So
 *     doc(items) = P + F(item 1) + … + F(item n) + S, where P + S = doc([]). An item's F is cut
 *     out of the one-item document doc([item]) = P + F + S; S is found once per format (the end of
 *     the common prefix of doc([]) and doc([item]), backed off to a line start: items begin on a
 *     line of their own, and what follows them is closing tags).
 *   - JSON Feed is JSON.stringify(…, null, 2) with `items` last: an item is stringified alone and
 *     indented by four spaces, items are joined by ",\n    " inside "[\n    " … "\n  ]". The
 *     script-safe escapes (`<`, `>`, `&`, U+2028, U+2029) are per character, so per item is the same.
 * Every check above is made while cutting (a document that does not have the expected shape throws
 * SpliceError), and `verify` compares a spliced feed with the core's full rendering: a format that
 * ever differs is rendered in full from then on. The watch tests compare every file with a fresh
 * `feedpub build`.
 */

import { renderBody } from "../../core/markdown.js";
import type { Article, RenderedBody, Site } from "../../core/model.js";
import { renderAtom } from "../../core/render/atom.js";
import type { FeedDescriptor, FeedItem } from "../../core/render/feeds.js";
import { stringifySafeJson } from "../../core/render/json.js";
import { buildJsonFeed, renderJsonFeed } from "../../core/render/json-feed.js";
import { renderRss } from "../../core/render/rss.js";

export type FeedFormat = "feed.xml" | "atom.xml" | "feed.json";

/** In renderSite's order. */
export const FEED_FORMATS: readonly FeedFormat[] = ["feed.xml", "atom.xml", "feed.json"];

const RENDER = { "feed.xml": renderRss, "atom.xml": renderAtom, "feed.json": renderJsonFeed } as const;

export class SpliceError extends Error {}

const encoder = new TextEncoder();
const encode = (text: string): Buffer => {
  const bytes = encoder.encode(text);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
};

const keys = new WeakMap<Article, string>();

/** What identifies an article's rendering for one site config: its file and that file's bytes. */
export function articleKey(article: Article): string {
  let key = keys.get(article);
  if (key === undefined) {
    key = `${article.sourcePath}\n${article.sourceHash}`;
    keys.set(article, key);
  }
  return key;
}

const JSON_EMPTY_ITEMS = '"items": []\n}\n';
const JSON_OPEN = encode('"items": [\n    ');
const JSON_SEPARATOR = encode(",\n    ");
const JSON_CLOSE = encode("\n  ]\n}\n");

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** One feed document as parts; equal parts, equal bytes. */
export interface SplicedFeed {
  head: string;
  items: Buffer[];
  tail: string;
  bytes(): Buffer;
}

/**
 * Per-item fragments and bodies for one site config. Create a new one when site.yaml changes
 * (fragments depend on it); keys not listed by `retain` are dropped.
 */
export class FeedSplicer {
  readonly #site: Site;
  readonly #bodies = new Map<string, RenderedBody>();
  readonly #fragments: Record<FeedFormat, Map<string, Buffer>> = {
    "feed.xml": new Map(),
    "atom.xml": new Map(),
    "feed.json": new Map(),
  };
  /** RSS and Atom: what follows the items (closing tags), found on the first cut. */
  readonly #tails: Partial<Record<FeedFormat, string>> = {};
  /** Formats whose spliced document once differed from the core's: rendered in full. */
  readonly broken = new Set<FeedFormat>();
  /** Feeds (dir) already compared with the core's rendering, per format. */
  readonly #verified = new Set<string>();

  constructor(site: Site) {
    this.#site = site;
  }

  /** The article's rendered body (Markdown parsed once per article source). */
  body(article: Article): RenderedBody {
    const key = articleKey(article);
    let body = this.#bodies.get(key);
    if (!body) {
      const rendered = renderBody(article.body, article.url);
      body = { html: rendered.html, text: rendered.text, wordCount: rendered.wordCount };
      this.#bodies.set(key, body);
    }
    return body;
  }

  #item(article: Article): FeedItem {
    return { article, body: this.body(article) };
  }

  /** The feed as the core renders it, as parts (spliced) or as one part (a broken format). */
  render(feed: FeedDescriptor, format: FeedFormat): SplicedFeed {
    if (this.broken.has(format)) return this.#whole(feed, format);
    try {
      return format === "feed.json" ? this.#json(feed) : this.#xml(feed, format);
    } catch (error) {
      if (!(error instanceof SpliceError)) throw error;
      this.broken.add(format);
      return this.#whole(feed, format);
    }
  }

  /**
   * Compares the spliced documents of `feed` with the core's full rendering (once per feed and
   * format); a format that differs is rendered in full from then on. Returns the formats that differ.
   */
  verify(feed: FeedDescriptor, formats: readonly FeedFormat[] = FEED_FORMATS): FeedFormat[] {
    const differ: FeedFormat[] = [];
    for (const format of formats) {
      const id = `${format} ${feed.dir}`;
      if (this.broken.has(format) || this.#verified.has(id)) continue;
      const spliced = this.render(feed, format).bytes();
      const whole = encode(
        RENDER[format](
          this.#site,
          feed,
          feed.articles.map((a) => this.#item(a)),
        ),
      );
      if (!whole.equals(spliced)) {
        this.broken.add(format);
        differ.push(format);
      } else this.#verified.add(id);
    }
    return differ;
  }

  /** Drops bodies and fragments of articles not in `keys`. */
  retain(keys: ReadonlySet<string>): void {
    for (const map of [this.#bodies, ...Object.values(this.#fragments)])
      for (const key of map.keys()) if (!keys.has(key)) map.delete(key);
  }

  #whole(feed: FeedDescriptor, format: FeedFormat): SplicedFeed {
    const text = RENDER[format](
      this.#site,
      feed,
      feed.articles.map((a) => this.#item(a)),
    );
    return parts(text, [], "");
  }

  #xml(feed: FeedDescriptor, format: "feed.xml" | "atom.xml"): SplicedFeed {
    const render = RENDER[format];
    const empty = render(this.#site, feed, []);
    const fragments = this.#fragments[format];
    const items: Buffer[] = [];
    for (const article of feed.articles) {
      const key = articleKey(article);
      let fragment = fragments.get(key);
      if (!fragment) {
        const one = render(this.#site, feed, [this.#item(article)]);
        let tail = this.#tails[format];
        if (tail === undefined) {
          // Items start on a line of their own: back off to the start of the line where they differ.
          const at = commonPrefix(empty, one);
          tail = empty.slice(empty.lastIndexOf("\n", at - 1) + 1);
          this.#tails[format] = tail;
        }
        const cut = empty.length - tail.length;
        if (!empty.endsWith(tail) || !one.endsWith(tail) || !one.startsWith(empty.slice(0, cut)))
          throw new SpliceError(`${format}: the one-item document is not the empty one plus the item`);
        fragment = encode(one.slice(cut, one.length - tail.length));
        fragments.set(key, fragment);
      }
      items.push(fragment);
    }
    const tail = this.#tails[format];
    if (items.length === 0) return parts(empty, [], "");
    if (tail === undefined || !empty.endsWith(tail))
      throw new SpliceError(`${format}: the empty document does not end as before`);
    return parts(empty.slice(0, empty.length - tail.length), items, tail);
  }

  #json(feed: FeedDescriptor): SplicedFeed {
    const empty = renderJsonFeed(this.#site, feed, []);
    if (feed.articles.length === 0) return parts(empty, [], "");
    if (!empty.endsWith(JSON_EMPTY_ITEMS)) throw new SpliceError("feed.json: items are not last");
    const fragments = this.#fragments["feed.json"];
    const items: Buffer[] = [];
    for (const article of feed.articles) {
      const key = articleKey(article);
      let fragment = fragments.get(key);
      if (!fragment) {
        const [item] = buildJsonFeed(this.#site, feed, [this.#item(article)]).items;
        const text = stringifySafeJson(item);
        fragment = encode(text.slice(0, -1).replaceAll("\n", "\n    "));
        fragments.set(key, fragment);
      }
      if (items.length > 0) items.push(JSON_SEPARATOR);
      items.push(fragment);
    }
    return {
      head: empty.slice(0, empty.length - JSON_EMPTY_ITEMS.length),
      items: [JSON_OPEN, ...items, JSON_CLOSE],
      tail: "",
      bytes() {
        return Buffer.concat([encode(this.head), ...this.items]);
      },
    };
  }
}

function parts(head: string, items: Buffer[], tail: string): SplicedFeed {
  return {
    head,
    items,
    tail,
    bytes() {
      return Buffer.concat([encode(head), ...items, encode(tail)]);
    },
  };
}

/** Whether two spliced documents have the same bytes, part by part (fragments are shared buffers). */
export function sameFeed(a: SplicedFeed, b: SplicedFeed): boolean {
  if (a.head !== b.head || a.tail !== b.tail || a.items.length !== b.items.length) return false;
  for (let i = 0; i < a.items.length; i++) {
    const x = a.items[i] as Buffer;
    const y = b.items[i] as Buffer;
    if (x !== y && !x.equals(y)) return false;
  }
  return true;
}
