/** Helpers that read our output back with real parsers, for the parser integration tests. */
import { Readable } from "node:stream";
import FeedParser from "feedparser";
import jsonld from "jsonld";
import type { OutputFile } from "../../../functions/core/model.js";

const decoder = new TextDecoder();

export function filesByPath(outputs: Iterable<OutputFile>): Map<string, string> {
  const map = new Map<string, string>();
  for (const file of outputs) map.set(file.path, decoder.decode(file.body));
  return map;
}

export interface FeedparserResult {
  meta: FeedParser.Meta;
  items: FeedParser.Item[];
}

/** Parses RSS or Atom with feedparser (a SAX-based parser with its own normalisation). */
export function parseWithFeedparser(xml: string): Promise<FeedparserResult> {
  return new Promise((resolve, reject) => {
    const parser = new FeedParser({ addmeta: false });
    const items: FeedParser.Item[] = [];
    let meta: FeedParser.Meta | undefined;
    parser.on("error", reject);
    parser.on("meta", (m: FeedParser.Meta) => {
      meta = m;
    });
    parser.on("readable", () => {
      let item: FeedParser.Item | null = parser.read();
      while (item) {
        items.push(item);
        item = parser.read();
      }
    });
    parser.on("end", () => (meta ? resolve({ meta, items }) : reject(new Error("feedparser found no feed"))));
    Readable.from([Buffer.from(xml, "utf8")]).pipe(parser);
  });
}

/**
 * A minimal, hand-written stand-in for the https://schema.org context (offline: the tests never
 * fetch it). It maps every term into the schema.org vocabulary, which is what the real context
 * does for the terms we emit; it does not reproduce the real context's type coercions.
 */
export const MINIMAL_SCHEMA_ORG_CONTEXT = { "@context": { "@vocab": "https://schema.org/" } };

const offlineLoader = async (url: string) => {
  if (url === "https://schema.org" || url === "https://schema.org/") {
    return { contextUrl: undefined, documentUrl: url, document: MINIMAL_SCHEMA_ORG_CONTEXT };
  }
  throw new Error(`offline document loader: refusing to fetch ${url}`);
};

export type Expanded = Record<string, unknown>[];

/** jsonld.expand with the offline loader. */
export async function expandJsonLd(doc: unknown): Promise<Expanded> {
  return (await jsonld.expand(doc as jsonld.JsonLdDocument, {
    documentLoader: offlineLoader as never,
  })) as Expanded;
}

const S = "https://schema.org/";

/** The `@value`s (or `@id`s) of `property` on an expanded node. */
export function values(node: Record<string, unknown> | undefined, property: string): unknown[] {
  const list = (node?.[`${S}${property}`] ?? []) as Record<string, unknown>[];
  return list.map((v) =>
    "@value" in v ? v["@value"] : "@id" in v && Object.keys(v).length === 1 ? v["@id"] : v,
  );
}

export function node(value: unknown): Record<string, unknown> {
  return value as Record<string, unknown>;
}

export function schemaType(name: string): string {
  return `${S}${name}`;
}
