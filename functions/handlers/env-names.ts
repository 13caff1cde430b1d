/**
 * Environment variables the handlers read (set by the stack in infra/). One prefix, one table:
 * the stack and the handlers import the names from here so they cannot drift.
 */
export const ENV = {
  contentBucket: "FEEDPUB_CONTENT_BUCKET",
  siteBucket: "FEEDPUB_SITE_BUCKET",
  distributionId: "FEEDPUB_DISTRIBUTION_ID",
  publishQueueUrl: "FEEDPUB_PUBLISH_QUEUE_URL",
  /** The `service` dimension of the function's metrics (metrics.ts), e.g. `feedpub-validate`. */
  serviceName: "FEEDPUB_SERVICE_NAME",
} as const;

/** Where the validate function copies a rejected content file: `quarantine/<original key>`. */
export const QUARANTINE_PREFIX = "quarantine/";

/** Tag put on a rejected content file and on its quarantined copy. */
export const STATUS_TAG = { key: "feedpub-status", invalid: "invalid" } as const;

/** CloudWatch namespace of the handlers' metrics (metrics.ts). */
export const METRICS_NAMESPACE = "feedpub";

/** Metric names emitted by the handlers (and alarmed on by the stack). */
export const METRIC = {
  invalidContent: "InvalidContent",
  publishBlocked: "PublishBlocked",
  objectsWritten: "ObjectsWritten",
  objectsDeleted: "ObjectsDeleted",
  pathsInvalidated: "PathsInvalidated",
} as const;
