/**
 * Storage drivers that need no AWS SDK. The S3 driver lives in ./s3.js and is imported from there
 * where it is used, so importing this module never loads the SDK.
 */

export type { FsStorageOptions } from "./fs.js";
export { createFsStorage } from "./fs.js";
export type { MemoryStorage } from "./memory.js";
export { createMemoryStorage } from "./memory.js";
export type { ObjectMeta, PutOptions, Storage, StoredObject } from "./types.js";
export {
  ChecksumMismatchError,
  PreconditionFailedError,
  StorageError,
  StorageOptionsError,
} from "./types.js";
