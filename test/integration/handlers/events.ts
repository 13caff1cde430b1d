/**
 * Real-shaped Lambda event payloads (as AWS documents and sends them), the two AWS fakes the
 * handler tests need — SQS (send) and CloudFront (CreateInvalidation) record what they receive —
 * and a log that records its calls. S3 itself is real (s3rver on loopback). Also the site.yaml
 * the handler tests publish.
 */
import { createHash, randomUUID } from "node:crypto";
import type { CreateInvalidationCommand } from "@aws-sdk/client-cloudfront";
import type { SendMessageBatchCommand } from "@aws-sdk/client-sqs";
import type { S3Event, S3EventRecord, ScheduledEvent, SQSEvent, SQSRecord } from "aws-lambda";
import type { Log, LogFields } from "../../../functions/handlers/log.js";

const REGION = "us-east-1";
const ACCOUNT = "123456789012";

/** One S3 event notification record (event version 2.1). The key is form-encoded, as S3 sends it. */
export function s3Record(
  bucket: string,
  key: string,
  eventName:
    | "ObjectCreated:Put"
    | "ObjectRemoved:Delete"
    | "ObjectRemoved:DeleteMarkerCreated" = "ObjectCreated:Put",
  object: { size?: number; eTag?: string } = {},
): S3EventRecord {
  const created = eventName.startsWith("ObjectCreated");
  return {
    eventVersion: "2.1",
    eventSource: "aws:s3",
    awsRegion: REGION,
    eventTime: "2026-11-27T10:00:00.000Z",
    eventName,
    userIdentity: { principalId: "AWS:AROAEXAMPLE:feedpub-deploy" },
    requestParameters: { sourceIPAddress: "203.0.113.7" },
    responseElements: { "x-amz-request-id": randomUUID(), "x-amz-id-2": randomUUID() },
    s3: {
      s3SchemaVersion: "1.0",
      configurationId: created ? "validate-articles" : "publish-removals",
      bucket: {
        name: bucket,
        ownerIdentity: { principalId: "A3NL1KOZZKExample" },
        arn: `arn:aws:s3:::${bucket}`,
      },
      object: {
        key: encodeURIComponent(key).replace(/%2F/g, "/").replace(/%20/g, "+"),
        size: object.size ?? 0,
        eTag: object.eTag ?? "",
        sequencer: "0055AED6DCD90281E5",
      },
    },
  } as S3EventRecord;
}

export function s3Event(...records: S3EventRecord[]): S3Event {
  return { Records: records };
}

/** An SQS record carrying `body`, as the Lambda SQS event source delivers it. */
export function sqsRecord(body: string, messageId: string = randomUUID(), receiveCount = 1): SQSRecord {
  return {
    messageId,
    receiptHandle: `AQEB${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: "1795773600000",
      SenderId: "AROAEXAMPLE:feedpub-validate",
      ApproximateFirstReceiveTimestamp: "1795773600100",
    },
    messageAttributes: {},
    md5OfBody: createHash("md5").update(body).digest("hex"),
    eventSource: "aws:sqs",
    eventSourceARN: `arn:aws:sqs:${REGION}:${ACCOUNT}:Feedpub-PipelineQueue`,
    awsRegion: REGION,
  };
}

export function sqsEvent(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

/** EventBridge's scheduled event. */
export function scheduledEvent(time: Date): ScheduledEvent {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account: ACCOUNT,
    time: time.toISOString(),
    region: REGION,
    resources: [`arn:aws:events:${REGION}:${ACCOUNT}:rule/Feedpub-PipelineSchedule`],
    detail: {},
  };
}

/** Records SendMessageBatch calls; hands the messages back as an SQS event, like the event source would. */
export class RecordingQueue {
  readonly messages: { id: string; body: string }[] = [];
  async send(command: SendMessageBatchCommand) {
    for (const entry of command.input.Entries ?? []) {
      this.messages.push({ id: randomUUID(), body: entry.MessageBody ?? "" });
    }
    return { Failed: [] };
  }
  /** Takes every message sent so far as one batch (what the batching window does). */
  drain(): SQSEvent {
    const batch = this.messages.splice(0).map((m) => sqsRecord(m.body, m.id));
    return sqsEvent(...batch);
  }
}

/** Records CreateInvalidation calls (CloudFront is unreachable here). */
export class RecordingCloudFront {
  readonly calls: CreateInvalidationCommand["input"][] = [];
  /** Calls to refuse (recorded all the same) before accepting again, as CloudFront does when throttling. */
  refuse = 0;
  async send(command: CreateInvalidationCommand) {
    this.calls.push(command.input);
    if (this.refuse > 0) {
      this.refuse--;
      throw Object.assign(new Error("Rate exceeded"), {
        name: "Throttling",
        $metadata: { httpStatusCode: 400 },
      });
    }
    return { Invalidation: { Id: `I${this.calls.length}` } };
  }
}

/** A Log that keeps every call (the handlers' logs, as data). */
export class RecordingLog implements Log {
  readonly entries: { level: "info" | "warn" | "error"; message: string; fields: LogFields }[] = [];
  info(message: string, fields: LogFields = {}) {
    this.entries.push({ level: "info", message, fields });
  }
  warn(message: string, fields: LogFields = {}) {
    this.entries.push({ level: "warn", message, fields });
  }
  error(message: string, fields: LogFields = {}) {
    this.entries.push({ level: "error", message, fields });
  }
}

/** The content bucket's site.yaml in the handler tests: one section, "world". */
export const SITE_YAML = `title: Test News
description: Feeds for the handler tests
baseUrl: https://feeds.example.com/
articleUrl: https://news.example.com/{section}/{slug}
language: en
tagAuthority: example.com
publisher:
  name: Example News
  url: https://news.example.com/
sections:
  world:
    title: World
`;
