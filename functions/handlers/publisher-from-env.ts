/**
 * The publisher the publish and schedule entry points share, built once per Lambda container
 * from the environment (fails fast naming a missing variable). Its clients are created when first
 * needed, which is when the AWS SDK is loaded (see aws-sdk.ts), not when the module loads: S3 on
 * the first publish, CloudFront on the first invalidation (a publish that changes nothing, most
 * scheduled runs, never loads it).
 */
import { createS3StorageWith } from "../storage/s3-driver.js";
import { type CloudFrontSdk, cloudFrontSdk, s3Sdk } from "./aws-sdk.js";
import { readEnv } from "./env.js";
import { ENV, METRICS_NAMESPACE } from "./env-names.js";
import { createConsoleLog, type Log } from "./log.js";
import { createMetrics, type Metrics } from "./metrics.js";
import { createPublisher, type Publisher } from "./publisher.js";

export function createPublisherFromEnv(): { publisher: Publisher; log: Log; metrics: Metrics } {
  const env = readEnv([ENV.contentBucket, ENV.siteBucket, ENV.distributionId, ENV.serviceName]);
  const log = createConsoleLog();
  const metrics = createMetrics({ namespace: METRICS_NAMESPACE, service: env[ENV.serviceName] });
  const create = (): Publisher => {
    const s3Module = s3Sdk();
    const s3 = new s3Module.S3Client({});
    let cloudFront: InstanceType<CloudFrontSdk["CloudFrontClient"]> | undefined;
    return createPublisher({
      s3,
      contentBucket: env[ENV.contentBucket],
      site: createS3StorageWith(s3Module, { bucket: env[ENV.siteBucket], client: s3 }),
      cloudFront: {
        send(command) {
          cloudFront ??= new (cloudFrontSdk().CloudFrontClient)({});
          return cloudFront.send(command);
        },
      },
      distributionId: env[ENV.distributionId],
      log,
      metrics,
    });
  };
  let created: Publisher | undefined;
  const publisher: Publisher = {
    async publish(trigger) {
      created ??= create();
      return created.publish(trigger);
    },
  };
  return { publisher, log, metrics };
}
