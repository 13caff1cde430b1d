/**
 * S3 (or any S3-compatible server: MinIO, R2, LocalStack, s3rver) as storage; the driver itself is
 * in ./s3-driver.ts. Import this module only where S3 is used: it loads the AWS SDK.
 */

import type { S3Client } from "@aws-sdk/client-s3";
import * as sdk from "@aws-sdk/client-s3";
import { createS3StorageWith, type S3StorageOptions } from "./s3-driver.js";
import type { Storage } from "./types.js";

export { checkS3Options, type S3StorageOptions } from "./s3-driver.js";

export function createS3Storage(options: S3StorageOptions): Storage & { readonly client: S3Client } {
  return createS3StorageWith(sdk, options);
}
