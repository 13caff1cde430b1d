/** Reading S3 event notifications: directly (validate) or wrapped in SQS message bodies (publish). */
import type { S3Event, S3EventRecord, SQSRecord } from "aws-lambda";

/** An S3 event's object key, decoded (S3 sends keys form-encoded: spaces as `+`). */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, " "));
}

export interface ContentChange {
  bucket: string;
  key: string;
  /** `ObjectCreated:Put`, `ObjectRemoved:DeleteMarkerCreated`... */
  eventName: string;
  etag?: string;
}

export function changesFromS3Event(event: Partial<S3Event>): ContentChange[] {
  return (event.Records ?? []).map((record: S3EventRecord) => ({
    bucket: record.s3.bucket.name,
    key: decodeS3Key(record.s3.object.key),
    eventName: record.eventName,
    ...(record.s3.object.eTag ? { etag: record.s3.object.eTag } : {}),
  }));
}

/**
 * The content changes an SQS message announces. S3's own `s3:TestEvent`, other payloads or
 * unparsable bodies announce none; the message still counts as a reason to publish.
 */
export function changesFromSqsRecord(record: SQSRecord): ContentChange[] {
  try {
    const body = JSON.parse(record.body) as Partial<S3Event> & { Event?: string };
    if (!Array.isArray(body.Records)) return [];
    return changesFromS3Event(body);
  } catch {
    return [];
  }
}
