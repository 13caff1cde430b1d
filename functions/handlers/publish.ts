/** Lambda entry: publish the site for a batch of content changes (SQS). See publish-handler.ts. */
import { createPublishHandler } from "./publish-handler.js";
import { createPublisherFromEnv } from "./publisher-from-env.js";

export const handler = createPublishHandler(createPublisherFromEnv());
