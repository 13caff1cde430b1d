/** URL policy for article bodies: absolute against the article URL, and only allowed schemes. */

export const LINK_SCHEMES = new Set(["http:", "https:", "mailto:", "tel:"]);
export const IMAGE_SCHEMES = new Set(["http:", "https:"]);

export type UrlResult = { url: string } | { code: string; message: string };

export function resolveUrl(
  raw: string,
  base: URL | undefined,
  schemes: Set<string>,
  what: string,
): UrlResult {
  let url: URL;
  try {
    url = base ? new URL(raw, base) : new URL(raw);
  } catch {
    return {
      code: "body.unresolvable-url",
      message: base
        ? `${what} "${raw}" is not a valid URL`
        : `${what} "${raw}" is relative and cannot be made absolute: the article URL is not absolute`,
    };
  }
  if (!schemes.has(url.protocol)) {
    return {
      code: "body.unsafe-url",
      message: `${what} "${raw.length > 60 ? `${raw.slice(0, 60)}…` : raw}" uses the ${url.protocol} scheme; allowed: ${[...schemes].join(" ")}`,
    };
  }
  return { url: url.href };
}
