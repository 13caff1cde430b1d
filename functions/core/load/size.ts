/**
 * An article's size limit. Feeds carry each article's full text, so one huge file would be
 * copied into every feed that lists it; feed readers and the S3 publishing Lambdas hold whole
 * feeds in memory. A file over the limit is refused before it is decoded or parsed.
 */

/** The largest article source file accepted, in bytes (1 MiB). */
export const MAX_ARTICLE_BYTES = 1024 * 1024;

const MIB = 1024 * 1024;

/** `size` in MiB with one decimal, and in bytes (the MiB figure alone can read as the limit). */
const describeSize = (size: number): string =>
  `${(Math.floor((size / MIB) * 10) / 10).toFixed(1)} MiB (${size} bytes)`;

/** The editor-facing message for a file of `size` bytes over the limit. */
export function tooLargeMessage(size: number): string {
  return `the file is ${describeSize(size)}, over the limit of 1 MiB (${MAX_ARTICLE_BYTES} bytes) for an article: feeds carry the full text, and feed readers and the publishing Lambdas hold whole feeds in memory — shorten the article or split it into several`;
}
