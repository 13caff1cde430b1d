import { describe, expect, it } from "vitest";
import type { OutputFile } from "../../../functions/core/model.js";
import { emptyManifest, type Manifest } from "../../../functions/core/publish/manifest.js";
import { phaseOf, planPublish, sha256Hex } from "../../../functions/core/publish/plan.js";
import { renderSynthetic, syntheticArticles } from "../../integration/publish/helpers/synthetic-site.js";

function manifestOf(outputs: ReturnType<typeof renderSynthetic>): Manifest {
  return { ...emptyManifest(), generation: 1, files: planPublish(outputs, undefined).files };
}

describe("planPublish", () => {
  it("puts everything on a first publish, documents first, then nested, then root files", () => {
    const outputs = renderSynthetic(syntheticArticles(5));
    const plan = planPublish(outputs, undefined);
    expect(plan.puts).toHaveLength(outputs.length);
    expect(plan.puts.every((p) => p.reason === "new")).toBe(true);
    const phases = plan.puts.map((p) => p.phase);
    expect(phases).toEqual([...phases].sort());
    expect(plan.puts[0]?.file.path).toBe("articles/story-000.jsonld");
    expect(plan.puts.at(-1)?.file.path).toBe("index.jsonld");
    expect(plan.deletes).toEqual([]);
    expect(plan.files["feed.json"]?.sha256).toBe(
      sha256Hex((outputs.find((o) => o.path === "feed.json") as OutputFile).body),
    );
  });

  it("plans nothing when the manifest matches", () => {
    const outputs = renderSynthetic(syntheticArticles(5));
    const plan = planPublish(outputs, manifestOf(outputs));
    expect(plan.puts).toEqual([]);
    expect(plan.deletes).toEqual([]);
    expect(plan.unchanged).toHaveLength(outputs.length);
  });

  it("re-puts an object whose headers changed even when its bytes did not", () => {
    const outputs = renderSynthetic(syntheticArticles(2));
    const previous = manifestOf(outputs);
    const changed = outputs.map((o) => (o.path === "feed.json" ? { ...o, cacheControl: "no-cache" } : o));
    expect(planPublish(changed, previous).puts.map((p) => [p.file.path, p.reason])).toEqual([
      ["feed.json", "changed"],
    ]);
  });

  it("deletes removed paths and paths left pending by an unfinished publish", () => {
    const articles = syntheticArticles(4);
    const previous = { ...manifestOf(renderSynthetic(articles)), pending: ["articles/abandoned.jsonld"] };
    const plan = planPublish(renderSynthetic(articles.slice(1)), previous);
    expect(plan.deletes).toEqual(["articles/abandoned.jsonld", "articles/story-000.jsonld"]);
  });

  it("re-uploads a pending path that is an output again", () => {
    const outputs = renderSynthetic(syntheticArticles(2));
    const first = (outputs[0] as OutputFile).path;
    const previous = { ...manifestOf(outputs.slice(1)), pending: [first] };
    const plan = planPublish(outputs, previous);
    expect(plan.puts.map((p) => [p.file.path, p.reason])).toEqual([[first, "new"]]);
    expect(plan.deletes).toEqual([]);
  });

  it("re-puts a pending path even when the manifest's hash matches (an unfinished publish may have overwritten it)", () => {
    const outputs = renderSynthetic(syntheticArticles(2));
    const previous = { ...manifestOf(outputs), pending: ["feed.json"] };
    expect(planPublish(outputs, previous).puts.map((p) => [p.file.path, p.reason])).toEqual([
      ["feed.json", "changed"],
    ]);
  });

  it("refuses duplicate output paths and the manifest's own path", () => {
    const a = renderSynthetic(syntheticArticles(1))[0] as OutputFile;
    expect(() => planPublish([a, a], undefined)).toThrow(/same path articles\/story-000\.jsonld/);
    expect(() => planPublish([{ ...a, path: ".feedpub/manifest.json" }], undefined)).toThrow(/reserved/);
  });

  it("assigns write phases by path", () => {
    expect(phaseOf("articles/x.jsonld")).toBe(0);
    expect(phaseOf("sections/world/feed.xml")).toBe(1);
    expect(phaseOf("feed.xml")).toBe(2);
  });
});
