/**
 * Maps a request target to a path inside the served folder, or refuses it. Pure: no fs.
 * Refuses `..` and `.` segments (raw or percent-encoded), backslashes, NUL and other control
 * characters, drive letters and non-origin-form targets; hides dot-files (the publish manifest
 * lives in `.feedpub/`).
 */

export type RequestPath =
  | {
      kind: "ok" /** POSIX, relative, no leading slash; "" for the root. */;
      path: string;
      directory: boolean;
    }
  | { kind: "bad-request" | "forbidden" | "hidden"; reason: string };

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

export function resolveRequestPath(target: string): RequestPath {
  if (!target.startsWith("/")) {
    return { kind: "bad-request", reason: "the request target must be a path starting with '/'" };
  }
  const end = target.search(/[?#]/);
  const raw = end === -1 ? target : target.slice(0, end);
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return { kind: "bad-request", reason: "the path has malformed percent-encoding" };
  }
  if (CONTROL.test(decoded)) return { kind: "forbidden", reason: "the path contains a control character" };
  if (decoded.includes("\\")) return { kind: "forbidden", reason: "the path contains a backslash" };
  const segments = decoded.split("/").filter((segment) => segment !== "");
  for (const segment of segments) {
    if (segment === ".." || segment === ".") {
      return { kind: "forbidden", reason: "the path leaves the served folder" };
    }
    if (segment.includes(":")) return { kind: "forbidden", reason: "the path looks absolute" };
  }
  if (segments.some((segment) => segment.startsWith("."))) {
    return { kind: "hidden", reason: "dot-files are not served" };
  }
  return { kind: "ok", path: segments.join("/"), directory: decoded.endsWith("/") };
}
