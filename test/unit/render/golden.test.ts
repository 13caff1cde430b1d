/**
 * Golden files, for review: the sample site's every output, readable under __golden__/.
 * Behaviour is asserted elsewhere on parsed values; this catches unintended byte changes.
 * After an intended change: `npx vitest run test/unit/render/golden.test.ts -u`, then review the diff.
 */
import { describe, expect, it } from "vitest";
import { renderSite } from "../../../functions/core/render/index.js";
import { buildSampleContent, buildSite } from "../../helpers/articles.js";

const decoder = new TextDecoder();

describe("golden output of the sample site", () => {
  const files = [...renderSite(buildSampleContent(buildSite({ websubHub: "https://hub.example/" })))];
  it.each(files.map((f) => [f.path, f] as const))("%s", async (path, file) => {
    await expect(decoder.decode(file.body)).toMatchFileSnapshot(`./__golden__/${path}`);
  });
});
