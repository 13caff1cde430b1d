import { fullFormats } from "ajv-formats/dist/formats.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formats } from "../../../functions/core/formats.js";

// ajv-formats' own definitions ("full" mode, what `addFormats(ajv)` registers): the reference.
const upstreamUri = fullFormats.uri as (s: string) => boolean;
const upstreamDateTime = (fullFormats["date-time"] as { validate: (s: string) => boolean }).validate;

const URIS = [
  "https://www.harborwire.example/",
  "http://x.example/a?b=c#d",
  "tag:harborwire.example,2026-03-14:quake",
  "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66",
  "mailto:desk@harborwire.example",
  "https://[2001:db8::1]:8080/p",
  "https://192.168.0.1/",
  "HTTPS://X.EXAMPLE/%41",
  "www.example.com",
  "example.com/x",
  "not a uri",
  "https://x.example/a b",
  "https://x.example/%zz",
  "/relative/path",
  "a:b",
  ":",
  "",
  "1http://x",
];
const DATE_TIMES = [
  "2026-11-27T09:30:00+09:00",
  "2026-11-27T09:30:00Z",
  "2026-11-27t09:30:00z",
  "2026-11-27 09:30:00Z",
  "2026-11-27T09:30:00.123456789-05:00",
  "2026-11-27T09:30:00+0900",
  "2026-11-27T09:30:00+09",
  "2026-11-27T09:30:00",
  "2026-11-27T09:30Z",
  "2026-11-27",
  "2024-02-29T00:00:00Z",
  "2026-02-29T00:00:00Z",
  "2100-02-29T00:00:00Z",
  "2000-02-29T00:00:00Z",
  "2026-13-01T00:00:00Z",
  "2026-04-31T00:00:00Z",
  "2026-12-31T23:59:60Z",
  "2026-12-31T23:59:60+01:00",
  "2026-12-31T22:59:60-01:00",
  "2026-12-31T12:59:60Z",
  "2026-12-31T24:00:00Z",
  "2026-12-31T23:60:00Z",
  "2026-12-31T23:59:59+24:00",
  "2026-12-31T23:59:59+23:60",
  "2026-12-31TT23:59:59Z",
  "",
];

describe("formats (ajv-formats' uri and date-time, without the rest of its table)", () => {
  it("uri agrees with ajv-formats", () => {
    for (const text of URIS) expect(formats.uri(text), text).toBe(upstreamUri(text));
    expect(URIS.filter((t) => formats.uri(t)).length).toBeGreaterThan(5);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.webUrl({ withQueryParameters: true, withFragments: true }),
          fc.string(),
          fc.string({ unit: "binary" }),
        ),
        (text) => formats.uri(text) === upstreamUri(text),
      ),
      { numRuns: 2000 },
    );
  });

  it("date-time agrees with ajv-formats", () => {
    const validate = formats["date-time"].validate;
    for (const text of DATE_TIMES) expect(validate(text), text).toBe(upstreamDateTime(text));
    expect(DATE_TIMES.filter((t) => validate(t)).length).toBeGreaterThan(5);
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, "0"));
    const dateTimes = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, "0")),
        two(14),
        two(32),
        fc.constantFrom("T", "t", " ", "_"),
        two(25),
        two(61),
        two(61),
        fc.constantFrom("", ".5", ".123456789"),
        fc.constantFrom("", "Z", "z", "+09:00", "-05:30", "+0900", "+09", "+24:00", "-23:59", "+00:60"),
      )
      .map(([y, mo, d, sep, h, mi, s, frac, tz]) => `${y}-${mo}-${d}${sep}${h}:${mi}:${s}${frac}${tz}`);
    fc.assert(
      fc.property(fc.oneof(dateTimes, fc.string()), (text) => validate(text) === upstreamDateTime(text)),
      { numRuns: 5000 },
    );
  });
});
