/**
 * Checks beyond the schema that do not need a valid article: they run on whatever front matter
 * parsed, so an editor sees every problem in one pass. Each guards the types it reads.
 */
import type { Site } from "../model.js";
import type { YamlSource } from "./source.js";
import { closest } from "./suggest.js";

/** Google truncates longer headlines in Article rich results. */
export const HEADLINE_LIMIT = 110;
/** Google's Article structured data: images must have at least 50,000 pixels (width × height). */
export const IMAGE_MIN_PIXELS = 50_000;

const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds of an RFC 3339 date-time with offset, or undefined when it is not one. */
export function dateMs(value: unknown): number | undefined {
  if (typeof value !== "string" || !DATE.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

export function checkFrontMatter(
  front: Record<string, unknown>,
  site: Site | undefined,
  source: YamlSource,
): void {
  const report = source.report;
  const { published, updated, section, title, image } = front;

  for (const [field, value] of [
    ["published", published],
    ["updated", updated],
  ] as const) {
    // A leap second (…T23:59:60Z) passes the schema but no date library reads it.
    if (typeof value === "string" && DATE.test(value) && Number.isNaN(Date.parse(value))) {
      report.add(
        "error",
        "date.invalid",
        `'${value}' is not a real date and time`,
        source.locate([field]),
        field,
      );
    }
  }
  const publishedMs = dateMs(published);
  const updatedMs = dateMs(updated);
  if (publishedMs !== undefined && updatedMs !== undefined && updatedMs < publishedMs) {
    report.add(
      "error",
      "date.updated-before-published",
      `is earlier than published (${String(published)}); an update cannot come before publication`,
      source.locate(["updated"]),
      "updated",
    );
  }

  if (site?.sections && typeof section === "string" && !Object.hasOwn(site.sections, section)) {
    const known = Object.keys(site.sections);
    const guess = closest(section, known);
    report.add(
      "error",
      "section.unknown",
      `unknown section '${section}'; site.yaml defines ${known.join(", ")}${guess ? ` — did you mean '${guess}'?` : ""}`,
      source.locate(["section"], "value"),
      "section",
    );
  }

  // UTF-16 length bounds the character count: only long titles need counting.
  if (typeof title === "string" && title.length > HEADLINE_LIMIT) {
    const length = [...title].length;
    if (length > HEADLINE_LIMIT) {
      report.add(
        "warning",
        "headline-too-long",
        `is ${length} characters; Google shows at most ${HEADLINE_LIMIT} in Article results and truncates the rest`,
        source.locate(["title"]),
        "title",
      );
    }
  }

  if (image && typeof image === "object" && !Array.isArray(image)) {
    const { width, height } = image as Record<string, unknown>;
    if (width === undefined || height === undefined) {
      report.add(
        "warning",
        "image.size",
        "has no width and height: feed readers and Google use them to lay out the image before it loads",
        source.locate(["image"]),
        "image",
      );
    } else if (typeof width === "number" && typeof height === "number" && width * height < IMAGE_MIN_PIXELS) {
      report.add(
        "warning",
        "image.small",
        `is ${width}×${height} (${width * height} pixels); Google's Article guidelines ask for at least ${IMAGE_MIN_PIXELS.toLocaleString("en")} pixels (e.g. 1200×675), so search may not show it`,
        source.locate(["image", "width"]),
        "image.width",
      );
    }
  }
}
