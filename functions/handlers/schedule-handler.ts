/**
 * The schedule function's logic: an EventBridge scheduled event runs the same publish, so articles
 * whose `published` time has come go live. Between due times it is a no-op publish (nothing
 * written, nothing invalidated). Failures are rethrown (EventBridge retries, then the dead-letter queue).
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import type { ScheduledEvent } from "aws-lambda";
import type { Publisher, PublishOutcome } from "./publisher.js";

export interface ScheduleHandlerDeps {
  publisher: Publisher;
  logger: Logger;
  metrics: Metrics;
}

export type ScheduleHandler = (event: ScheduledEvent) => Promise<PublishOutcome>;

export function createScheduleHandler(deps: ScheduleHandlerDeps): ScheduleHandler {
  const { publisher, logger, metrics } = deps;
  return async (event) => {
    logger.info("scheduled publish", { eventId: event.id, time: event.time });
    try {
      return await publisher.publish({ source: "schedule", ids: [event.id] });
    } catch (error) {
      logger.error("scheduled publish failed", { error });
      throw error;
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}
