/** Storage wrappers for tests: count requests by kind, fail the Nth request, pause before a request. */
import type { Storage } from "../../../../functions/storage/types.js";
import { StorageError } from "../../../../functions/storage/types.js";

type Method = "get" | "head" | "put" | "delete" | "list";
const METHODS: Method[] = ["get", "head", "put", "delete", "list"];

export interface Call {
  method: Method;
  path: string;
}

export interface WrapHooks {
  /** Runs before each call (1-based `n`); may throw to fail it, or await to pause it. */
  before?(n: number, call: Call): void | Promise<void>;
}

export function wrapStorage(inner: Storage, hooks: WrapHooks = {}): Storage & { calls: Call[] } {
  const calls: Call[] = [];
  const wrapped = { kind: inner.kind, location: inner.location, calls } as Storage & { calls: Call[] };
  for (const method of METHODS) {
    // biome-ignore lint/suspicious/noExplicitAny: forwarding every method of the port unchanged
    (wrapped as any)[method] = async (...args: any[]) => {
      const call = { method, path: String(args[0] ?? "") };
      calls.push(call);
      await hooks.before?.(calls.length, call);
      // biome-ignore lint/suspicious/noExplicitAny: same
      return (inner as any)[method](...args);
    };
  }
  return wrapped;
}

/** Fails the `n`th request (a crash or network failure at that point). */
export function failNth(inner: Storage, n: number): Storage & { calls: Call[] } {
  return wrapStorage(inner, {
    before(i, call) {
      if (i === n) throw new StorageError(`injected failure of request ${i} (${call.method} ${call.path})`);
    },
  });
}

export const writes = (calls: Call[]) => calls.filter((c) => c.method === "put" || c.method === "delete");

/**
 * A view of `inner` whose first HEAD request waits until `release()` is called: lets a test start
 * a second publish while the first is mid-flight. `pausedAt` resolves when that HEAD arrives.
 */
export function pauseAtFirstHead(inner: Storage): {
  storage: Storage & { calls: Call[] };
  pausedAt: Promise<void>;
  release: () => void;
} {
  let release: () => void = () => {};
  let paused: () => void = () => {};
  const pausedAt = new Promise<void>((r) => {
    paused = r;
  });
  let waited = false;
  const storage = wrapStorage(inner, {
    async before(_n, call) {
      if (call.method === "head" && !waited) {
        waited = true;
        paused();
        await new Promise<void>((r) => {
          release = r;
        });
      }
    },
  });
  return { storage, pausedAt, release: () => release() };
}
