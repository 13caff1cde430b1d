/** Loads content/site.yaml: decode, parse, validate, check the articleUrl template. */
import type { Diagnostic, Site, SourceFile } from "../model.js";
import { decodeUtf8 } from "./decode.js";
import { reportSchemaProblems, reportUndecodable } from "./report.js";
import { explainSchemaErrors, fieldName } from "./schema-errors.js";
import { FileReport, YamlSource } from "./source.js";
import { siteShape, validateSite } from "./validators.js";
import { checkXmlChars } from "./xml-chars.js";

export const SITE_FILE = "site.yaml";
export const URL_PLACEHOLDERS = ["slug", "section", "yyyy", "mm", "dd"] as const;

export function loadSite(file: SourceFile | undefined, out: Diagnostic[]): Site | undefined {
  const report = new FileReport(SITE_FILE, out);
  if (!file) {
    report.add(
      "error",
      "site.missing",
      "site.yaml is missing: create it next to the articles/ folder with title, description, baseUrl, articleUrl, language, tagAuthority and publisher",
      { line: 1, column: 1 },
    );
    return undefined;
  }
  const decoded = decodeUtf8(file.bytes);
  if (!decoded.ok) {
    reportUndecodable(report, decoded);
    return undefined;
  }
  const source = YamlSource.forFile(report, decoded.text);
  const data = source.parse();
  if (data === undefined) return undefined;
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    report.add("error", "site.not-mapping", "site.yaml must be a mapping of fields ('title: …' lines)", {
      line: 1,
      column: 1,
    });
    return undefined;
  }
  if (!validateSite(data)) {
    reportSchemaProblems(source, explainSchemaErrors(validateSite.errors ?? [], data, siteShape));
  }
  checkXmlChars(data, source);
  const site = data as Site;
  if (typeof site.articleUrl === "string") {
    for (const match of site.articleUrl.matchAll(/\{([^}]*)\}/g)) {
      const name = match[1] ?? "";
      if (!(URL_PLACEHOLDERS as readonly string[]).includes(name)) {
        report.add(
          "error",
          "site.url-placeholder",
          `unknown placeholder {${name}}; articleUrl may use ${URL_PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}`,
          source.locateInValue(["articleUrl"], [match[0]]),
          fieldName(["articleUrl"]),
        );
      }
    }
  }
  return report.errors === 0 ? site : undefined;
}
