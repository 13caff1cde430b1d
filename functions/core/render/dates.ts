/** Dates as feeds need them, from RFC 3339 strings that keep the dateline's UTC offset. */

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * RFC 822 (as RSS 2.0 uses it, four-digit year) in the same offset as written:
 * `2026-11-27T09:30:00+09:00` → `Fri, 27 Nov 2026 09:30:00 +0900`. Fractional seconds are dropped.
 */
export function toRfc822(rfc3339: string): string {
  const match = RFC3339.exec(rfc3339);
  if (!match) throw new RangeError(`not an RFC 3339 date-time with offset: ${rfc3339}`);
  const [, y, mo, d, h, mi, s, zone] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const weekday = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d))).getUTCDay();
  const offset = zone.toUpperCase() === "Z" ? "+0000" : zone.replace(":", "");
  return `${DAYS[weekday]}, ${d} ${MONTHS[Number(mo) - 1]} ${y} ${h}:${mi}:${s} ${offset}`;
}

/** The four-digit year as written (the dateline's local year). */
export function yearOf(rfc3339: string): number {
  return Number(rfc3339.slice(0, 4));
}
