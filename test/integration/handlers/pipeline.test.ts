/**
 * The handlers end to end on loopback: real S3 (s3rver) for the content and site buckets, the
 * real EMF metrics (their lines captured and checked against the specification), real event
 * payloads; SQS sends and CloudFront invalidations are recording fakes (AWS is unreachable), and
 * the log records its calls (log.test.ts checks the lines Lambda makes of them).
 */
import type { S3Client } from "@aws-sdk/client-s3";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { XMLParser } from "fast-xml-parser";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { MANIFEST_PATH } from "../../../functions/core/media-types.js";
import { PublishConflictError } from "../../../functions/core/publish/index.js";
import { METRICS_NAMESPACE } from "../../../functions/handlers/env-names.js";
import { createMetrics } from "../../../functions/handlers/metrics.js";
import { PENDING_INVALIDATION_PATH } from "../../../functions/handlers/pending-invalidation.js";
import { createPublishHandler } from "../../../functions/handlers/publish-handler.js";
import { createPublisher, type PublishOutcome } from "../../../functions/handlers/publisher.js";
import { createScheduleHandler, type ScheduleOutcome } from "../../../functions/handlers/schedule-handler.js";
import { createValidateHandler } from "../../../functions/handlers/validate-handler.js";
import { createS3Storage } from "../../../functions/storage/s3.js";
import { type RunningS3rver, startS3rver } from "../../helpers/s3rver.js";
import { emfViolations } from "./emf-spec.js";
import {
  RecordingCloudFront,
  RecordingLog,
  RecordingQueue,
  SITE_YAML,
  s3Event,
  s3Record,
  scheduledEvent,
  sqsEvent,
  sqsRecord,
} from "./events.js";

const CONTENT = "content-bucket";
const SITE = "site-bucket";
const DISTRIBUTION = "E2EXAMPLE123";

function article(title: string, published = "2026-11-20T08:00:00+01:00", extra = ""): string {
  return `---\ntitle: ${title}\npublished: ${published}\nsection: world\n${extra}---\n${title}: the full story, in one paragraph.\n`;
}

const BAD_ARTICLE = "---\ntitle: Broken story\npublished: not a date\nsection: world\n---\nBody.\n";

let s3rver: RunningS3rver;
let s3: S3Client;

interface Harness {
  queue: RecordingQueue;
  cloudFront: RecordingCloudFront;
  clock: { now: Date };
  validate: ReturnType<typeof createValidateHandler>;
  publish: ReturnType<typeof createPublishHandler>;
  schedule: ReturnType<typeof createScheduleHandler>;
  log: RecordingLog;
  /** The EMF documents the metrics wrote, parsed. */
  emf: Record<string, unknown>[];
}

let harness: Harness;

/** Metrics as the handlers write them, into `lines`. */
function metricsInto(lines: Record<string, unknown>[]) {
  return createMetrics({
    namespace: METRICS_NAMESPACE,
    service: "feedpub-test",
    write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
  });
}

beforeEach(async () => {
  s3rver = await startS3rver({ buckets: [CONTENT, SITE] });
  s3 = s3rver.client;
  const queue = new RecordingQueue();
  const cloudFront = new RecordingCloudFront();
  const clock = { now: new Date("2026-11-27T12:00:00Z") };
  const log = new RecordingLog();
  const emf: Record<string, unknown>[] = [];
  const metrics = metricsInto(emf);
  const publisher = createPublisher({
    s3,
    contentBucket: CONTENT,
    site: createS3Storage({ bucket: SITE, client: s3 }),
    cloudFront,
    distributionId: DISTRIBUTION,
    log,
    metrics,
    now: () => clock.now,
  });
  harness = {
    queue,
    cloudFront,
    clock,
    validate: createValidateHandler({
      s3,
      sqs: queue,
      contentBucket: CONTENT,
      queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/Feedpub-PipelineQueue",
      log,
      metrics,
      now: () => clock.now,
    }),
    publish: createPublishHandler({ publisher, log, metrics }),
    schedule: createScheduleHandler({ publisher, log, metrics }),
    log,
    emf,
  };
});

afterEach(async () => {
  await s3rver.stop();
});

afterAll(async () => {
  await s3rver?.stop();
});

/** An editor (or BucketDeployment) puts a file; S3 then invokes validate with the put event. */
async function upload(key: string, text: string) {
  const out = await s3.send(new PutObjectCommand({ Bucket: CONTENT, Key: key, Body: text }));
  return harness.validate(
    s3Event(
      s3Record(CONTENT, key, "ObjectCreated:Put", {
        size: Buffer.byteLength(text),
        eTag: out.ETag?.replaceAll('"', ""),
      }),
    ),
  );
}

/** The publish queue's batching window closes: everything queued so far arrives as one batch. */
async function publishQueued() {
  const event = harness.queue.drain();
  const response = await harness.publish(event);
  return { event, response, outcome: response.outcome as PublishOutcome };
}

async function siteKeys(): Promise<string[]> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: SITE }));
  return (out.Contents ?? []).map((o) => o.Key ?? "").sort();
}

async function siteText(key: string): Promise<string> {
  const out = await s3.send(new GetObjectCommand({ Bucket: SITE, Key: key }));
  return (await out.Body?.transformToString()) ?? "";
}

async function exists(bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch {
    return false;
  }
}

function rssTitles(xml: string): string[] {
  const doc = new XMLParser().parse(xml) as {
    rss: { channel: { item?: { title: string } | { title: string }[] } };
  };
  return [doc.rss.channel.item ?? []].flat().map((i) => i.title);
}

function published(outcome: PublishOutcome | ScheduleOutcome) {
  expect(outcome.status).toBe("published");
  if (outcome.status !== "published") throw new Error("not published");
  return outcome;
}

describe("upload → validate → publish", () => {
  it("publishes every output to the site bucket with its media type, then only changes, invalidating exactly the changed paths", async () => {
    const siteVerdict = await upload("site.yaml", SITE_YAML);
    expect(siteVerdict.files).toEqual([{ key: "site.yaml", status: "valid", warnings: 0, released: false }]);
    const articleVerdict = await upload("articles/quake.md", article("Quake shakes the coast"));
    expect(articleVerdict.files[0]).toMatchObject({ key: "articles/quake.md", status: "valid" });
    expect(harness.queue.messages).toHaveLength(2);
    // Forwarded messages are S3 notifications, exactly what S3 would put on the queue.
    expect(JSON.parse(harness.queue.messages[1]!.body).Records[0].s3.object.key).toBe("articles/quake.md");

    const first = await publishQueued();
    expect(first.response.batchItemFailures).toEqual([]);
    const report = published(first.outcome).report;
    expect(await siteKeys()).toEqual(
      [
        MANIFEST_PATH,
        "articles/quake.jsonld",
        "atom.xml",
        "feed.json",
        "feed.xml",
        "index.html",
        "index.jsonld",
        "sections/world/atom.xml",
        "sections/world/feed.json",
        "sections/world/feed.xml",
        "sections/world/index.html",
      ].sort(),
    );
    expect(report.puts).toHaveLength(10);
    const rss = await s3.send(new GetObjectCommand({ Bucket: SITE, Key: "feed.xml" }));
    expect(rss.ContentType).toBe("application/rss+xml; charset=utf-8");
    expect(rss.CacheControl).toMatch(/max-age=300/);
    expect(rssTitles(await siteText("feed.xml"))).toEqual(["Quake shakes the coast"]);
    // Nothing was cached at the edge yet: new paths need no invalidation.
    expect(harness.cloudFront.calls).toEqual([]);

    await upload("articles/quake.md", article("Quake shakes the whole coast"));
    const second = await publishQueued();
    const changed = published(second.outcome);
    expect(changed.report.invalidationPaths.length).toBeGreaterThan(0);
    expect(changed.report.invalidationPaths).toContain("/feed.xml");
    expect(harness.cloudFront.calls).toHaveLength(1);
    const call = harness.cloudFront.calls[0]!;
    expect(call.DistributionId).toBe(DISTRIBUTION);
    expect(call.InvalidationBatch?.Paths).toEqual({
      Quantity: changed.report.invalidationPaths.length,
      Items: changed.report.invalidationPaths,
    });
    expect(call.InvalidationBatch?.CallerReference).toMatch(/^feedpub-\d+-[0-9a-f]{32}-0$/);
    expect(changed.invalidationIds).toEqual(["I1"]);
    expect(rssTitles(await siteText("feed.xml"))).toEqual(["Quake shakes the whole coast"]);
    // The warm function re-read only the changed article.
    const summary = harness.log.entries.filter((e) => e.message === "published").at(-1);
    expect(summary?.fields).toMatchObject({ contentFilesFetched: 1, puts: changed.report.puts.length });
    // One EMF line per invocation; the last publish counted what it wrote and invalidated.
    expect(harness.emf.at(-1)).toMatchObject({
      ObjectsWritten: changed.report.puts.length,
      ObjectsDeleted: 0,
      PathsInvalidated: changed.report.invalidationPaths.length,
    });
    for (const document of harness.emf) expect(emfViolations(document)).toEqual([]);
  });

  it("a redelivered batch writes nothing and invalidates nothing", async () => {
    await upload("site.yaml", SITE_YAML);
    await upload("articles/quake.md", article("Quake"));
    const { event } = await publishQueued();
    const keysBefore = await siteKeys();
    const manifestBefore = await siteText(MANIFEST_PATH);

    const redelivered = sqsEvent(...event.Records.map((r) => sqsRecord(r.body, r.messageId, 2)));
    const again = await harness.publish(redelivered);
    expect(again.batchItemFailures).toEqual([]);
    const outcome = published(again.outcome as PublishOutcome);
    expect(outcome.report.puts).toEqual([]);
    expect(outcome.report.deletes).toEqual([]);
    expect(outcome.report.manifestWrites).toBe(0);
    expect(harness.cloudFront.calls).toEqual([]);
    expect(await siteKeys()).toEqual(keysBefore);
    expect(await siteText(MANIFEST_PATH)).toBe(manifestBefore);
  });

  it("paths CloudFront refused to invalidate are kept and sent by the next publish, even one that changes nothing", async () => {
    await upload("site.yaml", SITE_YAML);
    await upload("articles/quake.md", article("Quake"));
    await publishQueued();
    const keysBefore = await siteKeys();

    await upload("articles/quake.md", article("Quake, updated"));
    const event = harness.queue.drain();
    harness.cloudFront.refuse = 1;
    await expect(harness.publish(event)).rejects.toThrow(/Rate exceeded/);
    const refused = harness.cloudFront.calls.at(-1)?.InvalidationBatch?.Paths?.Items ?? [];
    expect(refused).toContain("/articles/quake.jsonld");
    expect(await siteText("feed.xml")).toContain("Quake, updated");
    expect(await exists(SITE, PENDING_INVALIDATION_PATH)).toBe(true);
    const refusedCalls = harness.cloudFront.calls.length;

    // SQS redelivers the batch: the site is already up to date, but the paths still go to CloudFront.
    const again = await harness.publish(
      sqsEvent(...event.Records.map((r) => sqsRecord(r.body, r.messageId, 2))),
    );
    const outcome = published(again.outcome as PublishOutcome);
    expect(outcome.report.puts).toEqual([]);
    expect(harness.cloudFront.calls).toHaveLength(refusedCalls + 1);
    expect(harness.cloudFront.calls.at(-1)?.InvalidationBatch?.Paths?.Items).toEqual(refused);
    expect(outcome.invalidationIds).toHaveLength(1);
    expect(await exists(SITE, PENDING_INVALIDATION_PATH)).toBe(false);
    expect(await siteKeys()).toEqual(keysBefore);

    // Once accepted, nothing is sent again.
    const calls = harness.cloudFront.calls.length;
    published(await harness.schedule(scheduledEvent(harness.clock.now)));
    expect(harness.cloudFront.calls).toHaveLength(calls);
  });

  it("a deleted article (S3 → SQS removal event) disappears from the feeds and its document is deleted and invalidated", async () => {
    await upload("site.yaml", SITE_YAML);
    await upload("articles/quake.md", article("Quake"));
    await upload("articles/flood.md", article("Flood", "2026-11-21T08:00:00+01:00"));
    await publishQueued();
    expect(rssTitles(await siteText("feed.xml"))).toEqual(["Flood", "Quake"]);

    await s3.send(new DeleteObjectCommand({ Bucket: CONTENT, Key: "articles/quake.md" }));
    const removal = sqsRecord(
      JSON.stringify(s3Event(s3Record(CONTENT, "articles/quake.md", "ObjectRemoved:Delete"))),
    );
    const response = await harness.publish(sqsEvent(removal));
    const outcome = published(response.outcome as PublishOutcome);
    expect(outcome.report.deletes).toEqual(["articles/quake.jsonld"]);
    expect(await exists(SITE, "articles/quake.jsonld")).toBe(false);
    expect(rssTitles(await siteText("feed.xml"))).toEqual(["Flood"]);
    expect(harness.cloudFront.calls.at(-1)?.InvalidationBatch?.Paths?.Items).toEqual(
      outcome.report.invalidationPaths,
    );
    expect(outcome.report.invalidationPaths).toContain("/articles/quake.jsonld");
  });
});

describe("invalid content", () => {
  it("an invalid article is quarantined and tagged, reported with file:line:column and field, counted, and never published", async () => {
    await upload("site.yaml", SITE_YAML);
    await upload("articles/quake.md", article("Quake"));
    await publishQueued();
    const keysBefore = await siteKeys();
    const invalidations = harness.cloudFront.calls.length;

    const verdict = await upload("articles/broken.md", BAD_ARTICLE);
    expect(verdict.forwarded).toBe(0);
    expect(harness.queue.messages).toEqual([]);
    expect(verdict.files).toEqual([
      expect.objectContaining({
        key: "articles/broken.md",
        status: "invalid",
        quarantined: true,
        errors: [
          expect.objectContaining({
            file: "articles/broken.md",
            line: 3,
            column: expect.any(Number),
            field: "published",
          }),
        ],
      }),
    ]);
    // Quarantined copy, tagged; the original is tagged too and stays where the editor put it.
    expect(await exists(CONTENT, "quarantine/articles/broken.md")).toBe(true);
    for (const key of ["quarantine/articles/broken.md", "articles/broken.md"]) {
      const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: CONTENT, Key: key }));
      expect(tags.TagSet).toEqual([{ Key: "feedpub-status", Value: "invalid" }]);
    }
    // Structured log line an editor can act on, and the metric the alarm watches.
    const error = harness.log.entries.find(
      (e) => e.level === "error" && e.fields.file === "articles/broken.md",
    );
    expect(error?.fields).toMatchObject({
      line: 3,
      field: "published",
      code: expect.stringMatching(/^schema\./),
    });
    expect(error?.message).toMatch(/^articles\/broken\.md:3:\d+ {2}published {2}must be a date/);
    const emf = harness.emf.find((d) => "InvalidContent" in d);
    expect(emf).toMatchObject({ InvalidContent: 1, service: "feedpub-test" });
    expect(emfViolations(emf)).toEqual([]);

    // A publish (schedule, or another file's change) is blocked by the rejected version, which
    // it names with its position; the site stays as it was.
    const scheduled = await harness.schedule(scheduledEvent(harness.clock.now));
    expect(scheduled.status).toBe("blocked");
    if (scheduled.status === "blocked") {
      expect(scheduled.errors).toEqual([
        expect.objectContaining({ file: "articles/broken.md", line: 3, field: "published" }),
      ]);
    }
    expect(await siteKeys()).toEqual(keysBefore);
    expect(await siteText("feed.xml")).not.toContain("Broken story");
    expect(harness.cloudFront.calls).toHaveLength(invalidations);

    // The editor fixes it: released from quarantine, forwarded, published.
    const fixed = await upload("articles/broken.md", article("Broken story, fixed"));
    expect(fixed.files[0]).toMatchObject({ status: "valid", released: true });
    expect(await exists(CONTENT, "quarantine/articles/broken.md")).toBe(false);
    await publishQueued();
    expect(rssTitles(await siteText("feed.xml"))).toContain("Broken story, fixed");
  });

  it("a live article edited into an invalid state stays published as it was; a valid change beside it waits", async () => {
    await upload("site.yaml", SITE_YAML);
    await upload("articles/quake.md", article("Quake"));
    await upload("articles/flood.md", article("Flood", "2026-11-21T08:00:00+01:00"));
    await publishQueued();
    const keysBefore = await siteKeys();
    const feedBefore = await siteText("feed.xml");
    const documentBefore = await siteText("articles/quake.jsonld");
    const invalidations = harness.cloudFront.calls.length;

    // A typo in the live story: quarantined. Then a valid edit of another story is queued.
    const broken = await upload(
      "articles/quake.md",
      article("Quake, updated").replace(/published: .*/, "published: today"),
    );
    expect(broken.files[0]).toMatchObject({ status: "invalid", quarantined: true });
    await upload("articles/flood.md", article("Flood, updated", "2026-11-21T08:00:00+01:00"));
    const { response, outcome } = await publishQueued();
    expect(response.batchItemFailures).toEqual([]);
    expect(outcome.status).toBe("blocked");
    const scheduled = await harness.schedule(scheduledEvent(harness.clock.now));
    expect(scheduled.status).toBe("blocked");

    // Readers and websites keep the last good site: the story is neither deleted nor changed.
    expect(await siteKeys()).toEqual(keysBefore);
    expect(await siteText("feed.xml")).toBe(feedBefore);
    expect(await siteText("articles/quake.jsonld")).toBe(documentBefore);
    expect(harness.cloudFront.calls).toHaveLength(invalidations);

    // Fixed: released, and both edits go out together.
    await upload("articles/quake.md", article("Quake, updated"));
    published((await publishQueued()).outcome);
    expect(rssTitles(await siteText("feed.xml")).sort()).toEqual(["Flood, updated", "Quake, updated"]);
  });

  it("skips keys that are not content and other buckets; decodes form-encoded keys (spaces, accents)", async () => {
    await upload("site.yaml", SITE_YAML);
    harness.queue.messages.length = 0;
    await s3.send(new PutObjectCommand({ Bucket: CONTENT, Key: "articles/notes.txt", Body: "x" }));
    const skipped = await harness.validate(
      s3Event(
        s3Record(CONTENT, "articles/notes.txt"),
        s3Record(CONTENT, "quarantine/articles/x.md"),
        s3Record(CONTENT, "articles/.draft.md"),
        s3Record("some-other-bucket", "articles/x.md"),
        s3Record(CONTENT, "articles/gone.md"),
      ),
    );
    expect(skipped.files.map((f) => f.status)).toEqual([
      "skipped",
      "skipped",
      "skipped",
      "skipped",
      "skipped",
    ]);
    expect(harness.queue.messages).toEqual([]);

    // "articles/été 2026.md" arrives form-encoded ("articles/%C3%A9t%C3%A9+2026.md"); its file name is
    // not a valid slug, so it is quarantined (CopyObject needs the key encoded again, in CopySource).
    const verdict = await upload("articles/été 2026.md", article("Summer"));
    expect(verdict.files).toEqual([
      expect.objectContaining({
        key: "articles/été 2026.md",
        status: "invalid",
        quarantined: true,
        errors: [expect.objectContaining({ code: "slug.from-file-name", field: "slug" })],
      }),
    ]);
    expect(await exists(CONTENT, "quarantine/articles/été 2026.md")).toBe(true);
    // With a slug in the front matter it is valid, released, and forwarded with its key as S3 sent it.
    const fixed = await upload("articles/été 2026.md", article("Summer", undefined, "slug: ete-2026\n"));
    expect(fixed.files[0]).toMatchObject({ status: "valid", released: true });
    expect(JSON.parse(harness.queue.messages.at(-1)?.body ?? "{}").Records[0].s3.object.key).toBe(
      "articles/%C3%A9t%C3%A9+2026.md",
    );
  });

  it("an invalid site.yaml is quarantined: nothing is published, the previous site stays up", async () => {
    await upload("site.yaml", SITE_YAML);
    await upload("articles/quake.md", article("Quake"));
    await publishQueued();
    const feed = await siteText("feed.xml");

    const verdict = await upload(
      "site.yaml",
      SITE_YAML.replace("baseUrl: https://feeds.example.com/", "baseUrl: feeds"),
    );
    expect(verdict.files[0]).toMatchObject({ key: "site.yaml", status: "invalid", quarantined: true });
    const outcome = await harness.schedule(scheduledEvent(harness.clock.now));
    expect(outcome.status).toBe("blocked");
    expect(await siteText("feed.xml")).toBe(feed);
    const emf = harness.emf.find((d) => "PublishBlocked" in d);
    expect(emf).toMatchObject({ PublishBlocked: 1 });
    expect(emfViolations(emf)).toEqual([]);
  });

  it("an article rejected only because its section was not in site.yaml yet is released when that site.yaml arrives", async () => {
    await upload("site.yaml", SITE_YAML);
    const early = await upload(
      "articles/match.md",
      article("Late winner").replace("section: world", "section: sport"),
    );
    expect(early.files[0]).toMatchObject({ status: "invalid" });
    const verdict = await upload("site.yaml", `${SITE_YAML}  sport:\n    title: Sport\n`);
    expect(verdict.files.map((f) => `${f.status} ${f.key}`)).toEqual([
      "valid site.yaml",
      "valid articles/match.md",
    ]);
    expect(verdict.forwarded).toBe(2);
    expect(await exists(CONTENT, "quarantine/articles/match.md")).toBe(false);
    await publishQueued();
    expect(await exists(SITE, "sections/sport/feed.xml")).toBe(true);
  });

  it("cross-file errors (duplicate slug) block the whole publish and write nothing", async () => {
    await upload("site.yaml", SITE_YAML);
    await upload("articles/quake.md", article("Quake"));
    await publishQueued();
    const keysBefore = await siteKeys();
    const manifestBefore = await siteText(MANIFEST_PATH);

    await upload("articles/2026/quake.md", article("Another quake", "2026-11-22T08:00:00+01:00"));
    const { response, outcome } = await publishQueued();
    expect(response.batchItemFailures).toEqual([]);
    expect(outcome.status).toBe("blocked");
    if (outcome.status === "blocked") expect(outcome.errors.map((e) => e.code)).toContain("duplicate-slug");
    expect(await siteKeys()).toEqual(keysBefore);
    expect(await siteText(MANIFEST_PATH)).toBe(manifestBefore);
    expect(harness.cloudFront.calls).toEqual([]);
  });
});

describe("scheduled publishing", () => {
  it("a future-dated article goes live on the first scheduled run after its time; runs in between change nothing", async () => {
    await upload("site.yaml", SITE_YAML);
    await upload("articles/quake.md", article("Quake"));
    await upload("articles/embargo.md", article("Embargoed story", "2026-11-27T14:00:00+01:00"));
    const first = published((await publishQueued()).outcome);
    expect(first.nextScheduledAt).toBe("2026-11-27T14:00:00+01:00");
    expect(rssTitles(await siteText("feed.xml"))).toEqual(["Quake"]);

    harness.clock.now = new Date("2026-11-27T12:55:00Z");
    const early = published(await harness.schedule(scheduledEvent(harness.clock.now)));
    expect(early.report.puts).toEqual([]);

    harness.clock.now = new Date("2026-11-27T13:00:00Z");
    const due = published(await harness.schedule(scheduledEvent(harness.clock.now)));
    expect(due.report.puts).toContain("articles/embargo.jsonld");
    expect(rssTitles(await siteText("feed.xml"))).toEqual(["Embargoed story", "Quake"]);
  });
});

describe("failures", () => {
  it("losing the manifest lock to another publish returns every message as a batch item failure", async () => {
    const log = new RecordingLog();
    const emf: Record<string, unknown>[] = [];
    const handler = createPublishHandler({
      publisher: {
        publish: async () => {
          throw new PublishConflictError("another publish changed the site at the same time");
        },
      },
      log,
      metrics: metricsInto(emf),
    });
    const event = sqsEvent(sqsRecord("{}", "m-1"), sqsRecord("not json", "m-2"));
    expect(await handler(event)).toEqual({
      batchItemFailures: [{ itemIdentifier: "m-1" }, { itemIdentifier: "m-2" }],
    });
    expect(log.entries.at(-1)).toMatchObject({
      level: "warn",
      fields: { error: expect.objectContaining({ name: "PublishConflictError" }) },
    });
    // Nothing was counted: no metric line.
    expect(emf).toEqual([]);
  });

  it("an S3 failure during publish is rethrown (function error → retry → dead-letter queue)", async () => {
    await upload("site.yaml", SITE_YAML);
    await s3rver.stop();
    await expect(harness.publish(harness.queue.drain())).rejects.toThrow();
  });
});
