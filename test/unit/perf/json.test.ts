/**
 * stringifySafeJson writes plain objects itself: its output must be the reference's
 * (JSON.stringify(value, null, 2) + script-safe escapes) byte for byte, for any value.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringifySafeJson } from "../../../functions/core/render/json.js";
import { stringifySafeJson as reference } from "./reference/json.js";

const outcome = (f: () => string): { ok: string } | { error: string } => {
  try {
    return { ok: f() };
  } catch (error) {
    return { error: `${(error as Error).constructor.name}: ${(error as Error).message}` };
  }
};

const same = (value: unknown) => {
  expect(outcome(() => stringifySafeJson(value))).toEqual(outcome(() => reference(value)));
};

/** Strings of every kind: lone surrogates, controls, the characters made script-safe. */
const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc
    .array(
      fc.constantFrom(
        "a",
        " ",
        '"',
        "\\",
        "/",
        "<",
        ">",
        "&",
        "</script>",
        "]]>",
        "\u2028",
        "\u2029",
        "\u0000",
        "\b",
        "\f",
        "\n",
        "\r",
        "\t",
        "\u001f",
        "\u007f",
        "\u0085",
        "\ud800",
        "\udfff",
        "🎉",
        "東京",
        "\ufffe",
      ),
      { maxLength: 30 },
    )
    .map((parts) => parts.join("")),
);

/** Article-sized text (the long-string path starts at 256 characters). */
const longText = fc.array(text, { minLength: 8, maxLength: 60 }).map((parts) => parts.join(""));

const special = fc.constantFrom<unknown>(
  undefined,
  null,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -0,
  1e21,
  1e-7,
  0.1,
  -5,
  true,
  false,
  () => 1,
  Symbol("s"),
  new Date(Date.UTC(2026, 10, 27)),
  { toJSON: () => "replaced" },
  { toJSON: (key: string) => `key ${key}` },
  Object.assign(Object.create(null), { a: 1, "<": ">" }),
  new Map([["a", 1]]),
  new Set([1]),
  new (class Thing {
    x = 1;
  })(),
  new String("boxed"),
  new Number(3),
  [],
  {},
  [undefined, () => 1],
  { a: undefined, b: () => 1 },
  { 2: "two", 1: "one", b: "b", a: "a" },
);

const value = fc.letrec((tie) => ({
  leaf: fc.oneof(text, longText, fc.double(), fc.integer(), fc.boolean(), special),
  node: fc.oneof(
    { depthSize: "small" },
    tie("leaf"),
    fc.array(tie("node"), { maxLength: 5 }),
    fc.dictionary(text, tie("node"), { maxKeys: 5 }),
  ),
})).node;

describe("stringifySafeJson against the reference", () => {
  it("writes the same bytes for any value", () => {
    fc.assert(fc.property(value, same), { numRuns: 3000 });
  });

  it("writes the same bytes for long strings", () => {
    fc.assert(
      fc.property(longText, (body) => {
        expect(body.length).toBeGreaterThan(0);
        same({ articleBody: body, nested: [body, { body }] });
      }),
      { numRuns: 2000 },
    );
  });

  it("writes the same bytes for JSON values", () => {
    fc.assert(fc.property(fc.jsonValue(), same), { numRuns: 1000 });
  });

  it.each<[string, unknown]>([
    ["undefined", undefined],
    ["a string", 'a "quoted" </script> \u2028'],
    ["a number", 42],
    ["a long body", `"Quoted," she said.\n${"AT&T <b> \\ ".repeat(40)}\n`],
    ["a long body with a control", `${"a\n".repeat(200)}\u0001`],
    ["a long body with an emoji", `${"a\n".repeat(200)}🎉`],
    ["BigInt", { a: 1n }],
    ["a toJSON deep inside", { a: [{ b: new Date(0) }] }],
    ["an inherited key", Object.create({ inherited: 1 })],
    ["a deep nest", JSON.parse(`${"[".repeat(300)}1${"]".repeat(300)}`)],
    ["an array with holes", new Array(3).fill(1, 0, 1)],
  ])("writes the same for %s", (_name, input) => same(input));

  it("throws what JSON.stringify throws on cycles", () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = { back: cycle };
    same(cycle);
    expect(() => stringifySafeJson(cycle)).toThrow(TypeError);
  });

  it("is valid JSON that parses back to the value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => {
        const json = stringifySafeJson(input);
        expect(json).not.toMatch(/[<>&\u2028\u2029]/);
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(input)));
      }),
      { numRuns: 500 },
    );
  });
});
