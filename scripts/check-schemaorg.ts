/**
 * Dev tool: checks built JSON-LD against the real schema.org vocabulary.
 *
 *   npx tsx scripts/check-schemaorg.ts <schemaorg-current-https.jsonld> <built folder>
 *
 * Every `.jsonld` file in the folder (and every <script type="application/ld+json"> block in its
 * `.html` files) is walked: each `@type` must be a schema.org class, each property a schema.org
 * property whose `domainIncludes` holds the node's type or one of its superclasses. Nodes without
 * `@type` (plain `{"@id": ...}` references) are not checked. Exit code 1 when anything fails.
 * The vocabulary file comes from github.com/schemaorg/schemaorg data/releases/<version>/.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";

interface Vocabulary {
  /** class → its direct superclasses */
  classes: Map<string, string[]>;
  /** property → the classes in its domainIncludes */
  properties: Map<string, string[]>;
}

type Ref = { "@id": string } | { "@id": string }[] | undefined;

function ids(ref: Ref): string[] {
  if (!ref) return [];
  return (Array.isArray(ref) ? ref : [ref]).map((r) => r["@id"].replace(/^schema:/, ""));
}

function hasType(node: Record<string, unknown>, type: string): boolean {
  const t = node["@type"];
  return Array.isArray(t) ? t.includes(type) : t === type;
}

export async function loadVocabulary(path: string): Promise<Vocabulary> {
  const doc = JSON.parse(await readFile(path, "utf8")) as { "@graph": Record<string, unknown>[] };
  const classes = new Map<string, string[]>();
  const properties = new Map<string, string[]>();
  for (const node of doc["@graph"]) {
    const id = String(node["@id"]);
    if (!id.startsWith("schema:")) continue;
    const name = id.slice("schema:".length);
    if (hasType(node, "rdfs:Class")) classes.set(name, ids(node["rdfs:subClassOf"] as Ref));
    if (hasType(node, "rdf:Property")) properties.set(name, ids(node["schema:domainIncludes"] as Ref));
  }
  return { classes, properties };
}

function ancestors(vocab: Vocabulary, type: string): Set<string> {
  const seen = new Set<string>();
  const queue = [type];
  while (queue.length > 0) {
    const next = queue.pop() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...(vocab.classes.get(next) ?? []));
  }
  return seen;
}

/** Problems found in one JSON-LD value, as `path: message` lines. */
export function checkJsonLd(vocab: Vocabulary, value: unknown, path = "$"): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => checkJsonLd(vocab, v, `${path}[${i}]`));
  if (!value || typeof value !== "object") return [];
  const node = value as Record<string, unknown>;
  const problems: string[] = [];
  const rawTypes = node["@type"];
  const types = (Array.isArray(rawTypes) ? rawTypes : rawTypes === undefined ? [] : [rawTypes]).map(String);
  for (const type of types)
    if (!vocab.classes.has(type)) problems.push(`${path}: @type ${type} is not a schema.org class`);
  const lineage = new Set(types.flatMap((t) => [...ancestors(vocab, t)]));
  // An unknown type is reported once; its properties' domains cannot be judged.
  const checkDomain = types.length > 0 && types.every((t) => vocab.classes.has(t));
  for (const [key, child] of Object.entries(node)) {
    if (key.startsWith("@")) {
      if (key === "@graph") problems.push(...checkJsonLd(vocab, child, `${path}.@graph`));
      continue;
    }
    const domain = vocab.properties.get(key);
    if (!domain) {
      problems.push(`${path}.${key}: not a schema.org property`);
    } else if (checkDomain && domain.length > 0 && !domain.some((d) => lineage.has(d))) {
      problems.push(
        `${path}.${key}: not in the domain of ${types.join("/")} (domainIncludes: ${domain.join(", ")})`,
      );
    }
    problems.push(...checkJsonLd(vocab, child, `${path}.${key}`));
  }
  return problems;
}

async function* walk(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

const SCRIPT = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/g;

async function main(argv: string[]): Promise<number> {
  const [vocabPath, dir] = argv;
  if (!vocabPath || !dir) {
    console.error("usage: tsx scripts/check-schemaorg.ts <schemaorg-current-https.jsonld> <built folder>");
    return 2;
  }
  const vocab = await loadVocabulary(vocabPath);
  let documents = 0;
  let failures = 0;
  for await (const file of walk(dir)) {
    const docs: unknown[] = [];
    if (file.endsWith(".jsonld")) docs.push(JSON.parse(await readFile(file, "utf8")));
    else if (file.endsWith(".html")) {
      for (const match of (await readFile(file, "utf8")).matchAll(SCRIPT))
        docs.push(JSON.parse(match[1] ?? "null"));
    }
    for (const doc of docs) {
      documents++;
      for (const problem of checkJsonLd(vocab, doc)) {
        failures++;
        console.log(`${relative(dir, file)}: ${problem}`);
      }
    }
  }
  console.log(`${documents} JSON-LD documents checked, ${failures} problem${failures === 1 ? "" : "s"}`);
  return failures > 0 ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
