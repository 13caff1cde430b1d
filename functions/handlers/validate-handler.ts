/**
 * The validate function's logic. For each content file put into the content bucket (S3 event):
 * read it (and site.yaml, for an article), run the core's loadContent on just those files, and
 * - on errors in that file: log each as `file:line:column  field  message` (structured), count an
 *   InvalidContent metric, quarantine that exact version (quarantine.ts) — it is never published;
 * - otherwise: drop any stale quarantined copy and forward the S3 record to the publish queue.
 * A valid site.yaml re-checks quarantined articles (one may have been rejected only because it
 * arrived before the site.yaml defining its section).
 * Cross-file problems (duplicate slugs) are caught by the publish's full load, which then
 * publishes nothing.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import type { SendMessageBatchCommand, SendMessageBatchCommandOutput } from "@aws-sdk/client-sqs";
import type { S3Event, S3EventRecord } from "aws-lambda";
import { loadContent } from "../core/load.js";
import type { Diagnostic, SourceFile } from "../core/model.js";
import { sqsSdk } from "./aws-sdk.js";
import { METRIC } from "./env-names.js";
import type { Log } from "./log.js";
import { chunk, logDiagnostics } from "./log-diagnostics.js";
import type { Metrics } from "./metrics.js";
import { listQuarantined, quarantine, release } from "./quarantine.js";
import { getObjectBytes, isContentKey, SITE_KEY } from "./s3-content.js";
import { decodeS3Key } from "./s3-events.js";

export interface QueueClient {
  send(command: SendMessageBatchCommand): Promise<Pick<SendMessageBatchCommandOutput, "Failed">>;
}

export interface ValidateDeps {
  s3: S3Client;
  sqs: QueueClient;
  contentBucket: string;
  queueUrl: string;
  log: Log;
  metrics: Metrics;
  now?: () => Date;
}

export type FileVerdict =
  | { key: string; status: "valid"; warnings: number; released: boolean }
  | { key: string; status: "invalid"; errors: Diagnostic[]; quarantined: boolean }
  | { key: string; status: "skipped"; reason: string };

export interface ValidateSummary {
  files: FileVerdict[];
  /** S3 records forwarded to the publish queue. */
  forwarded: number;
}

export type ValidateHandler = (event: S3Event) => Promise<ValidateSummary>;

/** An S3 record announcing `key` (for files re-validated without an event of their own). */
function syntheticRecord(template: S3EventRecord, key: string, etag: string): S3EventRecord {
  return {
    ...template,
    eventName: "ObjectCreated:Revalidated",
    s3: { ...template.s3, object: { key: encodeURIComponent(key), size: 0, eTag: etag, sequencer: "" } },
  };
}

export function createValidateHandler(deps: ValidateDeps): ValidateHandler {
  const { s3, contentBucket: bucket, log, metrics } = deps;
  const now = deps.now ?? (() => new Date());

  async function check(key: string, file: SourceFile, etag: string): Promise<FileVerdict> {
    const files: SourceFile[] = [file];
    if (key !== SITE_KEY) {
      const site = await getObjectBytes(s3, bucket, SITE_KEY);
      if (site) files.unshift({ path: SITE_KEY, bytes: site.bytes });
    }
    const result = loadContent(files, { now: now() });
    const mine = result.diagnostics.filter((d) => d.file === key);
    logDiagnostics(log, mine);
    const errors = mine.filter((d) => d.severity === "error");
    if (errors.length === 0) {
      const released = await release(s3, bucket, key);
      if (released) log.info("released from quarantine", { key });
      return { key, status: "valid", warnings: mine.length, released };
    }
    metrics.count(METRIC.invalidContent, 1);
    const quarantined = await quarantine(s3, bucket, key, etag);
    log.error(`${key}: ${errors.length} error${errors.length > 1 ? "s" : ""}; quarantined, not published`, {
      key,
      errors: errors.length,
      quarantined,
    });
    return { key, status: "invalid", errors, quarantined };
  }

  async function forward(records: S3EventRecord[]): Promise<void> {
    if (records.length === 0) return;
    const { SendMessageBatchCommand } = sqsSdk();
    for (const batch of chunk(records, 10)) {
      const out = await deps.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: deps.queueUrl,
          Entries: batch.map((record, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify({ Records: [record] }),
          })),
        }),
      );
      if (out.Failed && out.Failed.length > 0) {
        throw new Error(
          `feedpub: could not queue ${out.Failed.length} publish message(s): ${out.Failed[0]?.Message}`,
        );
      }
    }
  }

  async function revalidateQuarantine(
    template: S3EventRecord,
  ): Promise<{ verdicts: FileVerdict[]; records: S3EventRecord[] }> {
    const verdicts: FileVerdict[] = [];
    const records: S3EventRecord[] = [];
    for (const key of await listQuarantined(s3, bucket)) {
      if (key === SITE_KEY || !isContentKey(key)) continue;
      const current = await getObjectBytes(s3, bucket, key);
      if (!current) continue;
      const verdict = await check(key, { path: key, bytes: current.bytes }, current.etag);
      verdicts.push(verdict);
      if (verdict.status === "valid") records.push(syntheticRecord(template, key, current.etag));
    }
    return { verdicts, records };
  }

  return async (event) => {
    const verdicts: FileVerdict[] = [];
    const toForward: S3EventRecord[] = [];
    try {
      for (const record of event.Records ?? []) {
        const key = decodeS3Key(record.s3.object.key);
        if (record.s3.bucket.name !== bucket) {
          verdicts.push({
            key,
            status: "skipped",
            reason: `not the content bucket (${record.s3.bucket.name})`,
          });
          continue;
        }
        if (!isContentKey(key)) {
          verdicts.push({
            key,
            status: "skipped",
            reason: "not a content file (site.yaml or articles/**/*.md)",
          });
          continue;
        }
        const object = await getObjectBytes(s3, bucket, key);
        if (!object) {
          verdicts.push({ key, status: "skipped", reason: "deleted before it could be read" });
          continue;
        }
        const verdict = await check(key, { path: key, bytes: object.bytes }, object.etag);
        verdicts.push(verdict);
        if (verdict.status !== "valid") continue;
        toForward.push(record);
        if (key === SITE_KEY) {
          const again = await revalidateQuarantine(record);
          verdicts.push(...again.verdicts);
          toForward.push(...again.records);
        }
      }
      await forward(toForward);
      log.info("validated", {
        files: verdicts.map((v) => `${v.status} ${v.key}`),
        forwarded: toForward.length,
      });
      return { files: verdicts, forwarded: toForward.length };
    } catch (error) {
      log.error("validation failed", { error });
      throw error;
    } finally {
      metrics.flush();
    }
  };
}
