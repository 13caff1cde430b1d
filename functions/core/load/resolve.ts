/**
 * What an article's front matter leaves implicit: slug from the file name, permanent id, canonical
 * URL, image media type. Each returns a value or an editor-facing problem.
 */
import type { ArticleFrontMatter, Site } from "../model.js";
import { slugify } from "./suggest.js";

export type Resolved<T> = { ok: true; value: T } | { ok: false; message: string; code: string };

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A valid slug (site.schema.json's `$defs/slug`). */
const isSlug = (value: unknown): value is string =>
  typeof value === "string" && value.length <= 120 && SLUG.test(value);

const fileName = (path: string): string => path.slice(path.lastIndexOf("/") + 1).replace(/\.md$/i, "");

/** `articles/2026/Quake.md` → `quake`; the front matter's `slug` wins. */
export function resolveSlug(path: string, front: ArticleFrontMatter): Resolved<string> {
  if (front.slug !== undefined) return { ok: true, value: front.slug };
  const name = fileName(path);
  const slug = name.toLowerCase();
  if (isSlug(slug)) return { ok: true, value: slug };
  const suggestion = slugify(name) || "my-story";
  return {
    ok: false,
    code: "slug.from-file-name",
    message: `the file name '${name}' is not a valid slug (lowercase letters, digits and single hyphens); add 'slug: ${suggestion}' to the front matter or rename the file`,
  };
}

/**
 * The slug and id an article with errors would still claim, so that duplicates are reported
 * together with its other problems: the front matter's `slug` when it is a valid slug (none when
 * it is set but invalid: the editor meant another one), else the file name's; the front matter's
 * `id` when it is a string (a default id holds the file's path, which no other file has).
 */
export function claimedNames(path: string, data: Record<string, unknown>): { slug?: string; id?: string } {
  const claimed: { slug?: string; id?: string } = {};
  const slug = data.slug === undefined ? fileName(path).toLowerCase() : data.slug;
  if (isSlug(slug)) claimed.slug = slug;
  if (typeof data.id === "string") claimed.id = data.id;
  return claimed;
}

/** Paths whose every segment encodeURIComponent returns unchanged (its unreserved set, and `/`). */
const URI_COMPONENT_SAFE = /^[A-Za-z0-9\-_.!~*'()/]*$/;

/** `tag:<authority>,<YYYY-MM-DD in the dateline's offset>:<path without .md>` (RFC 4151). */
export function defaultId(site: Site, path: string, published: string): string {
  const withoutExtension = path.replace(/\.md$/i, "");
  // encodeURIComponent leaves these characters as they are: most paths need no segment encoded.
  const specific = URI_COMPONENT_SAFE.test(withoutExtension)
    ? withoutExtension
    : withoutExtension
        .split("/")
        .map((segment) => encodeURIComponent(segment))
        .join("/");
  return `tag:${site.tagAuthority},${published.slice(0, 10)}:${specific}`;
}

type Placeholder = "slug" | "section" | "yyyy" | "mm" | "dd";

/** An articleUrl template, split once per site: literal text around each placeholder. */
interface CompiledTemplate {
  /** literals[0], then a placeholder, literals[1], a placeholder... (one more literal than placeholders). */
  literals: string[];
  placeholders: Placeholder[];
  /**
   * Placeholders only ever insert [a-z0-9-]: when the template is already in normal form, so is
   * every URL made from it, and parsing each one can be skipped.
   */
  normal: boolean;
}

const PLACEHOLDER = /\{(slug|section|yyyy|mm|dd)\}/;
const compiledTemplates = new Map<string, CompiledTemplate>();

function compileTemplate(template: string): CompiledTemplate {
  let compiled = compiledTemplates.get(template);
  if (compiled === undefined) {
    // split with a capturing group: literal, name, literal, name, ..., literal
    const pieces = template.split(PLACEHOLDER);
    const literals = pieces.filter((_, i) => i % 2 === 0);
    const placeholders = pieces.filter((_, i) => i % 2 === 1) as Placeholder[];
    const sample = template.replace(new RegExp(PLACEHOLDER, "g"), "a0-b");
    let normal: boolean;
    try {
      normal = new URL(sample).href === sample && !/\{[^}]*\}/.test(sample);
    } catch {
      normal = false;
    }
    compiled = { literals, placeholders, normal };
    if (compiledTemplates.size > 100) compiledTemplates.clear();
    compiledTemplates.set(template, compiled);
  }
  return compiled;
}

/** Fills the site's articleUrl template; dates are the dateline's own (the offset written). */
export function resolveUrl(site: Site, slug: string, front: ArticleFrontMatter): Resolved<string> {
  if (front.canonical !== undefined) return { ok: true, value: front.canonical };
  const template = site.articleUrl;
  if (template.includes("{section}") && front.section === undefined) {
    return {
      ok: false,
      code: "url.section-required",
      message: `missing 'section': site.yaml's articleUrl (${template}) uses {section}; add a section or a 'canonical' URL`,
    };
  }
  const published = front.published;
  const { literals, placeholders, normal } = compileTemplate(template);
  let url = literals[0] ?? "";
  for (let i = 0; i < placeholders.length; i++) {
    switch (placeholders[i]) {
      case "slug":
        url += slug;
        break;
      case "section":
        url += front.section ?? "";
        break;
      case "yyyy":
        url += published.slice(0, 4);
        break;
      case "mm":
        url += published.slice(5, 7);
        break;
      case "dd":
        url += published.slice(8, 10);
        break;
    }
    url += literals[i + 1] ?? "";
  }
  if (normal) return { ok: true, value: url };
  try {
    return { ok: true, value: new URL(url).href };
  } catch {
    return {
      ok: false,
      code: "url.invalid",
      message: `site.yaml's articleUrl gives '${url}' for this article, which is not a valid URL`,
    };
  }
}

type ImageType = NonNullable<NonNullable<ArticleFrontMatter["image"]>["type"]>;

const IMAGE_TYPES: Record<string, ImageType> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  svg: "image/svg+xml",
};

/** Media type of the lead image: front matter `type`, else from the URL's extension. */
export function resolveImageType(image: NonNullable<ArticleFrontMatter["image"]>): Resolved<ImageType> {
  if (image.type !== undefined) return { ok: true, value: image.type };
  let pathname = image.url;
  try {
    pathname = new URL(image.url).pathname;
  } catch {
    // The schema has already reported a bad URL.
  }
  const dot = pathname.lastIndexOf(".");
  const ext = dot === -1 || pathname.indexOf("/", dot) !== -1 ? "" : pathname.slice(dot + 1).toLowerCase();
  const type = IMAGE_TYPES[ext];
  if (type) return { ok: true, value: type };
  return {
    ok: false,
    code: "image.type",
    message: `cannot tell the image's media type from ${ext ? `the extension '.${ext}'` : "its URL (no extension)"}: add 'type:' under image, one of image/jpeg, image/png, image/gif, image/webp, image/avif, image/svg+xml`,
  };
}
