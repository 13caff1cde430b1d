/**
 * The publish function's logic: an SQS batch (S3 event notifications, forwarded or direct) is one
 * reason to publish, however many messages it holds — that is the debounce. Success acknowledges
 * the whole batch; a lost race for the manifest lock (another publish ran) reports every message as
 * a batch item failure so SQS redelivers them later; any other failure is rethrown (function error
 * alarm, SQS retries, then the dead-letter queue).
 */
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { PublishConflictError } from "../core/publish/index.js";
import type { Log } from "./log.js";
import type { Metrics } from "./metrics.js";
import type { Publisher, PublishOutcome } from "./publisher.js";
import { changesFromSqsRecord } from "./s3-events.js";

export interface PublishHandlerDeps {
  publisher: Publisher;
  log: Log;
  metrics: Metrics;
}

export type PublishHandler = (event: SQSEvent) => Promise<SQSBatchResponse & { outcome?: PublishOutcome }>;

export function createPublishHandler(deps: PublishHandlerDeps): PublishHandler {
  const { publisher, log, metrics } = deps;
  return async (event) => {
    const records = event.Records ?? [];
    const changes = records.flatMap(changesFromSqsRecord);
    log.info("publish requested", {
      messages: records.length,
      changes: changes.map((c) => `${c.eventName} ${c.key}`),
    });
    try {
      const outcome = await publisher.publish({ source: "sqs", ids: records.map((r) => r.messageId) });
      return { batchItemFailures: [], outcome };
    } catch (error) {
      if (error instanceof PublishConflictError) {
        log.warn("another publish holds the manifest lock; the batch will be retried", { error });
        return { batchItemFailures: records.map((r) => ({ itemIdentifier: r.messageId })) };
      }
      log.error("publish failed", { error });
      throw error;
    } finally {
      metrics.flush();
    }
  };
}
