/** Lambda entry: periodic publish so scheduled articles go live (EventBridge). See schedule-handler.ts. */
import { createPublisherFromEnv } from "./publisher-from-env.js";
import { createScheduleHandler } from "./schedule-handler.js";

export const handler = createScheduleHandler(createPublisherFromEnv());
