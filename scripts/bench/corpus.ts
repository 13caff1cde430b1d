/**
 * Deterministic generator of an original synthetic news corpus: a site.yaml and N articles of
 * 500–1,200 words with `##` sub-headings, links and lists, about 5 % of them in Japanese or
 * Chinese. Same seed → same bytes. Front matter follows schemas/article.schema.json.
 *
 *   npx tsx scripts/bench/corpus.ts OUT_DIR [N] [SEED]
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

export interface CorpusOptions {
  articles: number;
  /** PRNG seed. Default 1. */
  seed?: number;
}

export interface CorpusFile {
  /** Relative to the content root: `site.yaml`, `articles/2026/11/slug.md`. */
  path: string;
  text: string;
}

/** mulberry32: small, fast, good enough for test data. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SECTIONS: Record<string, string> = {
  world: "World",
  business: "Business",
  science: "Science",
  climate: "Climate",
  culture: "Culture",
  sport: "Sport",
};

const WORDS = (
  "council harbour budget engineers river bridge vote minister festival coast drought farmers " +
  "committee report market shares ferry station rail grid solar turbine storm forecast museum " +
  "library school hospital nurses doctors trial court judge lawyers election mayor district " +
  "village island mountain valley border trade exports imports currency bank loan tariff " +
  "factory workers union strike talks agreement treaty summit delegates researchers study data " +
  "satellite telescope species forest reef fishermen harvest wheat rice prices inflation " +
  "housing rent tenants airport runway pilots cargo port shipping container freight volunteers " +
  "firefighters police residents neighbours officials spokesperson statement inquiry audit " +
  "water supply pipeline reservoir energy battery network tower signal broadband coverage " +
  "season match league coach players stadium fans record final tournament gallery artists " +
  "novel composer orchestra theatre premiere audience critics archive letters photographs"
).split(" ");
const VERBS = (
  "approved rejected announced delayed expanded reviewed reopened questioned confirmed " +
  "funded opposed measured predicted recorded welcomed criticised postponed launched restored"
).split(" ");
const PLACES = [
  "Lisbon",
  "Nairobi",
  "Osaka",
  "Valparaíso",
  "Tromsø",
  "Hobart",
  "Kraków",
  "Da Nang",
  "Tunis",
  "Quito",
];
const NAMES = [
  "Amara Okafor",
  "Lena Fischer",
  "Kenji Watanabe",
  "Sofía Reyes",
  "Tomasz Nowak",
  "Priya Raman",
];
const JA = [
  "市議会は新しい防災計画を承認した。",
  "専門家は今年の夏が例年より暑くなると予測している。",
  "港の再開発事業について住民説明会が開かれた。",
  "研究チームは海水温の変化を十年間にわたり記録した。",
  "地元の漁業組合は資源管理の強化を求めている。",
];
const ZH = [
  "市政府宣布将扩建城市公共图书馆。",
  "研究人员记录了过去十年的降雨变化。",
  "当地农民表示今年的收成好于预期。",
  "新的铁路线预计明年年底通车。",
  "博物馆举办了一场关于海洋历史的展览。",
];

export function generateCorpus(options: CorpusOptions): CorpusFile[] {
  const rnd = createRandom(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
  const sentence = () => {
    const n = int(8, 18);
    const words = [pick(WORDS), pick(VERBS), ...Array.from({ length: n - 2 }, () => pick(WORDS))];
    const s = words.join(" ");
    return `${s[0]?.toUpperCase()}${s.slice(1)}.`;
  };
  const files: CorpusFile[] = [];
  const sectionLines = Object.entries(SECTIONS)
    .map(([k, v]) => `  ${k}:\n    title: ${v}\n    description: ${v} news from the synthetic newsroom.`)
    .join("\n");
  files.push({
    path: "site.yaml",
    text: `title: Synthetic Daily
description: An original synthetic news corpus for benchmarks and tests.
baseUrl: https://feeds.example.com/
articleUrl: https://news.example.com/{section}/{yyyy}/{mm}/{slug}
language: en
tagAuthority: news.example.com
publisher:
  name: Synthetic Daily
  url: https://news.example.com/
  logo:
    url: https://news.example.com/logo.png
    width: 600
    height: 60
defaultAuthor:
  name: Newsroom
copyright: © Synthetic Daily
itemsPerFeed: 50
sections:
${sectionLines}
`,
  });
  const base = Date.UTC(2026, 10, 1, 12, 0, 0);
  for (let i = 0; i < options.articles; i++) {
    const section = pick(Object.keys(SECTIONS));
    const lang = rnd() < 0.05 ? pick(["ja", "zh-Hans"]) : "en";
    const place = pick(PLACES);
    const published = new Date(base - i * 3_600_000 * 7 - int(0, 3_000) * 1000);
    const offset = pick(["+00:00", "+09:00", "-05:00", "+01:00"]);
    const offsetMs = Number(offset.slice(0, 3)) * 3_600_000;
    const local = (d: Date) => `${new Date(d.getTime() + offsetMs).toISOString().slice(0, 19)}${offset}`;
    const stamp = local(published);
    const updated = local(new Date(published.getTime() + 3_600_000));
    const slug = `${section}-${String(i).padStart(6, "0")}`;
    const title =
      lang === "en"
        ? `${place} ${pick(WORDS)} ${pick(VERBS)} after ${pick(WORDS)} ${pick(WORDS)} ${i}`
        : `${lang === "ja" ? "速報" : "新闻"} ${place} ${i}`;
    const target = int(500, 1200);
    const body: string[] = [];
    let words = 0;
    let heading = 0;
    while (words < target) {
      if (body.length > 0 && body.length % int(3, 5) === 0 && heading < 4) {
        heading++;
        const word = pick(WORDS);
        body.push(`## ${word[0]?.toUpperCase()}${word.slice(1)} and ${pick(WORDS)}`);
      }
      const kind = rnd();
      if (lang !== "en" && kind < 0.5) {
        const para = Array.from({ length: int(3, 6) }, () => pick(lang === "ja" ? JA : ZH)).join("");
        body.push(para);
        words += para.length;
      } else if (kind < 0.12) {
        const items = Array.from({ length: int(3, 5) }, () => `- ${sentence()}`);
        body.push(items.join("\n"));
        words += items.join(" ").split(" ").length;
      } else {
        const sentences = Array.from({ length: int(3, 6) }, sentence);
        if (rnd() < 0.4) {
          sentences.push(
            `Read [the ${pick(WORDS)} ${pick(WORDS)}](https://example.org/${pick(WORDS)}/${i}) for details.`,
          );
        }
        const para = sentences.join(" ");
        body.push(para);
        words += para.split(" ").length;
      }
    }
    const fm = [
      "---",
      `title: ${JSON.stringify(title)}`,
      `published: ${stamp}`,
      ...(rnd() < 0.2 ? [`updated: ${updated}`] : []),
      ...(rnd() < 0.7 ? [`dateline: ${place.toUpperCase()}`] : []),
      "authors:",
      `  - name: ${pick(NAMES)}`,
      `section: ${section}`,
      `tags: [${[...new Set([pick(WORDS), pick(WORDS)])].join(", ")}]`,
      `summary: ${JSON.stringify(sentence())}`,
      ...(lang === "en" ? [] : [`language: ${lang}`]),
      ...(rnd() < 0.3
        ? [
            "image:",
            `  url: https://news.example.com/images/${slug}.jpg`,
            `  alt: ${JSON.stringify(`Photo: ${pick(WORDS)} in ${place}`)}`,
            "  width: 1200",
            "  height: 800",
          ]
        : []),
      "---",
    ];
    const yyyy = published.toISOString().slice(0, 4);
    const mm = published.toISOString().slice(5, 7);
    files.push({
      path: `articles/${yyyy}/${mm}/${slug}.md`,
      text: `${fm.join("\n")}\n\n${body.join("\n\n")}\n`,
    });
  }
  return files;
}

/** Writes the corpus into `dir` (which becomes a content folder). */
export async function writeCorpus(dir: string, options: CorpusOptions): Promise<CorpusFile[]> {
  const files = generateCorpus(options);
  const made = new Set<string>();
  for (const f of files) {
    const full = join(dir, f.path);
    const parent = dirname(full);
    if (!made.has(parent)) {
      await mkdir(parent, { recursive: true });
      made.add(parent);
    }
    await writeFile(full, f.text);
  }
  return files;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [out, n = "100", seed = "1"] = process.argv.slice(2);
  if (!out) {
    console.error("usage: tsx scripts/bench/corpus.ts OUT_DIR [N] [SEED]");
    process.exit(2);
  }
  await writeCorpus(out, { articles: Number(n), seed: Number(seed) });
  console.log(`wrote ${n} articles to ${out}`);
}
