/**
 * Human view of a feed. Feed readers get the feed bytes; a person who opens a feed URL in a
 * browser gets a readable HTML page instead (no XSLT needed). The CDN (a CloudFront Function in
 * infra/) and the preview server apply this same rule before their cache/file lookup, so the
 * cache key is the rewritten path and feed readers never see HTML.
 *
 * A request counts as a browser navigation only when it says so with Fetch Metadata
 * (`Sec-Fetch-Mode: navigate` and `Sec-Fetch-Dest: document`) and its Accept header asks for
 * text/html without naming a feed type. Feed readers send neither.
 */

const FEED_FILE = /(^|\/)(feed\.xml|atom\.xml|feed\.json)$/;
const FEED_TYPES = /application\/(rss\+xml|atom\+xml|feed\+json)/i;

export type HeaderLookup = (name: string) => string | undefined;

/** The path of the HTML view to serve instead of `path`, or undefined to serve `path` itself. */
export function htmlViewFor(path: string, header: HeaderLookup): string | undefined {
  const clean = path.replace(/^\/+/, "");
  const match = FEED_FILE.exec(clean);
  if (!match) return undefined;
  if ((header("sec-fetch-mode") ?? "").toLowerCase() !== "navigate") return undefined;
  if ((header("sec-fetch-dest") ?? "").toLowerCase() !== "document") return undefined;
  const accept = header("accept") ?? "";
  if (!/text\/html/i.test(accept) || FEED_TYPES.test(accept)) return undefined;
  const dir = clean.slice(0, match.index + match[1]!.length);
  return `${dir}index.html`;
}
