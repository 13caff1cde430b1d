/**
 * A warm publish function keeps the core's render cache between invocations (in memory): after
 * one article is edited, the next publish parses that article only, and publishes exactly what a
 * cold function (empty caches) would: a cold publisher run afterwards finds nothing to write.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRenderCache, type RenderCache } from "../../../functions/core/render-cache.js";
import { METRICS_NAMESPACE } from "../../../functions/handlers/env-names.js";
import { createMetrics } from "../../../functions/handlers/metrics.js";
import { createPublisher, type PublishOutcome } from "../../../functions/handlers/publisher.js";
import { createS3Storage } from "../../../functions/storage/s3.js";
import { type RunningS3rver, startS3rver } from "../../helpers/s3rver.js";
import { RecordingCloudFront, RecordingLog, SITE_YAML } from "./events.js";

const CONTENT = "content-bucket";
const SITE = "site-bucket";

function article(title: string, day: number): string {
  return `---\ntitle: ${title}\npublished: 2026-11-${String(day).padStart(2, "0")}T08:00:00+09:00\nsection: world\n---\n## ${title}\n\n${title}: the full story, with **emphasis** and 東京 in it.\n`;
}

let s3rver: RunningS3rver;
let s3: S3Client;

beforeEach(async () => {
  s3rver = await startS3rver({ buckets: [CONTENT, SITE] });
  s3 = s3rver.client;
});

afterEach(async () => {
  await s3rver.stop();
});

function publisher(renderCache?: RenderCache) {
  return createPublisher({
    s3,
    contentBucket: CONTENT,
    site: createS3Storage({ bucket: SITE, client: s3 }),
    cloudFront: new RecordingCloudFront(),
    distributionId: "E2EXAMPLE123",
    log: new RecordingLog(),
    metrics: createMetrics({ namespace: METRICS_NAMESPACE, service: "feedpub-test", write: () => {} }),
    now: () => new Date("2026-11-27T12:00:00Z"),
    ...(renderCache ? { renderCache } : {}),
  });
}

async function put(key: string, text: string) {
  await s3.send(new PutObjectCommand({ Bucket: CONTENT, Key: key, Body: text }));
}

function published(outcome: PublishOutcome) {
  if (outcome.status !== "published") throw new Error(`not published: ${JSON.stringify(outcome)}`);
  return outcome.report;
}

describe("a warm publish function", () => {
  it("parses only the edited article, and publishes what a cold function would", async () => {
    await put("site.yaml", SITE_YAML);
    for (let i = 1; i <= 4; i++) await put(`articles/story-${i}.md`, article(`Story ${i}`, 10 + i));
    const cache = createRenderCache(undefined, "test");
    const warm = publisher(cache);
    const trigger = { source: "sqs" as const, ids: ["m1"] };

    const first = published(await warm.publish(trigger));
    expect(first.puts.length).toBeGreaterThan(4);
    const parsedFirst = cache.stats().bodiesParsed;
    expect(parsedFirst).toBe(4);

    await put("articles/story-2.md", article("Story 2, updated", 12));
    const second = published(await warm.publish({ ...trigger, ids: ["m2"] }));
    // The edited article's body is the only one parsed; the others come from the cache.
    expect(cache.stats().bodiesParsed - parsedFirst).toBe(1);
    expect(second.puts).toContain("articles/story-2.jsonld");
    expect(second.puts).not.toContain("articles/story-1.jsonld");
    const rss = await s3.send(new GetObjectCommand({ Bucket: SITE, Key: "feed.xml" }));
    expect(await rss.Body?.transformToString()).toContain("Story 2, updated");

    // A cold function (no caches) renders everything again and finds the bucket already right.
    const cold = published(await publisher().publish({ ...trigger, ids: ["m3"] }));
    expect(cold.puts).toEqual([]);
    expect(cold.deletes).toEqual([]);
  });
});
