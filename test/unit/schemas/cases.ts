import { expect } from "vitest";
import type { Validator } from "../../../functions/core/load/validators.js";

/** [rule, path to set, value (undefined deletes), expected: true = valid, else the failing keyword]. */
export type SchemaCase = [string, (string | number)[], unknown, true | string];

function set(target: Record<string, unknown>, path: (string | number)[], value: unknown): void {
  let node: Record<string | number, unknown> = target;
  for (const key of path.slice(0, -1)) {
    if (node[key] === undefined) node[key] = {};
    node = node[key] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/** Runs one case against a fresh copy of `base`; returns what to compare. */
export function check(validate: Validator, base: unknown, path: (string | number)[], value: unknown) {
  const data = structuredClone(base) as Record<string, unknown>;
  set(data, path, value);
  const valid = validate(data);
  return {
    valid,
    keywords: (validate.errors ?? []).map((e) => e.keyword),
    data,
  };
}

/** Asserts one case: valid with no errors, or invalid with `expected` among the failing keywords. */
export function expectCase(validate: Validator, base: unknown, [, path, value, expected]: SchemaCase): void {
  const { valid, keywords } = check(validate, base, path, value);
  if (expected === true) {
    expect(keywords).toEqual([]);
    expect(valid).toBe(true);
  } else {
    expect(valid).toBe(false);
    expect(keywords).toContain(expected);
  }
}
