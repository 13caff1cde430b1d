/**
 * The schedule function's logic: an EventBridge scheduled event runs the same publish, so articles
 * whose `published` time has come go live. Between due times it is a no-op publish (nothing
 * written, nothing invalidated). Losing the manifest lock to a concurrent publish is not a failure
 * (that publish covers the same content); other failures are rethrown (EventBridge retries, then
 * the dead-letter queue).
 */
import type { ScheduledEvent } from "aws-lambda";
import { PublishConflictError } from "../core/publish/index.js";
import type { Log } from "./log.js";
import type { Metrics } from "./metrics.js";
import type { Publisher, PublishOutcome } from "./publisher.js";

export interface ScheduleHandlerDeps {
  publisher: Publisher;
  log: Log;
  metrics: Metrics;
}

/** `busy`: another publish held the manifest lock; it publishes the same content, the next run catches up. */
export type ScheduleOutcome = PublishOutcome | { status: "busy"; reason: string };

export type ScheduleHandler = (event: ScheduledEvent) => Promise<ScheduleOutcome>;

export function createScheduleHandler(deps: ScheduleHandlerDeps): ScheduleHandler {
  const { publisher, log, metrics } = deps;
  return async (event) => {
    log.info("scheduled publish", { eventId: event.id, time: event.time });
    try {
      return await publisher.publish({ source: "schedule", ids: [event.id] });
    } catch (error) {
      if (error instanceof PublishConflictError) {
        log.warn("another publish holds the manifest lock; skipping this scheduled run", { error });
        return { status: "busy", reason: error.message };
      }
      log.error("scheduled publish failed", { error });
      throw error;
    } finally {
      metrics.flush();
    }
  };
}
