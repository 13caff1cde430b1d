/** In-memory storage: the reference driver for tests and dry runs. Conditional writes behave as on S3. */
import { checkBody, checkPreconditions } from "./preconditions.js";
import type { ObjectMeta, Storage, StoredObject } from "./types.js";
import { checkPath } from "./types.js";

export interface MemoryStorage extends Storage {
  /** Direct access for tests: the stored objects by path. */
  readonly objects: Map<string, StoredObject>;
}

export function createMemoryStorage(): MemoryStorage {
  const objects = new Map<string, StoredObject>();
  const meta = (o: StoredObject): ObjectMeta => ({
    etag: o.etag,
    size: o.size,
    ...(o.contentType === undefined ? {} : { contentType: o.contentType }),
    ...(o.cacheControl === undefined ? {} : { cacheControl: o.cacheControl }),
  });
  return {
    kind: "memory",
    location: "memory:",
    objects,
    async get(path) {
      const o = objects.get(checkPath(path));
      return o && { ...meta(o), body: o.body.slice() };
    },
    async head(path) {
      const o = objects.get(checkPath(path));
      return o && meta(o);
    },
    async put(path, body, options) {
      checkPath(path);
      const etag = checkBody(path, body, options);
      checkPreconditions(path, objects.get(path)?.etag, options);
      objects.set(path, {
        body: body.slice(),
        etag,
        size: body.byteLength,
        contentType: options.contentType,
        cacheControl: options.cacheControl,
      });
      return { etag };
    },
    async delete(path) {
      objects.delete(checkPath(path));
    },
    async list() {
      return [...objects.keys()].sort();
    },
  };
}
