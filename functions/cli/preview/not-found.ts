/** The body of a preview 404: what was asked, what is served, and how to get output there. */
import { access } from "node:fs/promises";
import { join } from "node:path";

const ENTRY_POINTS = ["/", "/feed.xml", "/atom.xml", "/feed.json", "/index.jsonld"];

export async function notFoundBody(root: string, urlPath: string): Promise<string> {
  const built = await access(join(root, "index.html")).then(
    () => true,
    () => false,
  );
  const lines = [`404 Not Found: ${urlPath}`, "", `feedpub preview serves the folder ${root}.`];
  if (built) {
    lines.push("Try one of:", ...ENTRY_POINTS.map((p) => `  ${p}`));
    lines.push("Articles are at /articles/<slug>.jsonld, section feeds at /sections/<section>/feed.xml.");
  } else {
    lines.push("It has no index.html yet: run `feedpub build` (or `feedpub preview --watch`) first.");
  }
  return `${lines.join("\n")}\n`;
}
