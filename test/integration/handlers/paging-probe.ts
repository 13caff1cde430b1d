/**
 * Run by s3-paging.test.ts in a child process with `--openssl-legacy-provider`: s3rver encrypts its
 * ListObjectsV2 continuation tokens with a cipher OpenSSL 3 refuses without it. Puts a content
 * tree, reads it back two keys per listing page, prints what was read as JSON.
 */
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { readContentFromS3 } from "../../../functions/handlers/s3-content.js";
import { startS3rver } from "../../helpers/s3rver.js";

const BUCKET = "content-bucket";
const s3rver = await startS3rver({ buckets: [BUCKET] });
try {
  const keys = [
    "site.yaml",
    "articles/a.md",
    "articles/2026/b.md",
    "articles/2026/c.md",
    "articles/2027/d.md",
    "notes.txt",
    "quarantine/articles/2026/c.md",
  ];
  for (const key of keys) {
    // The quarantined copy holds the live file's bytes (same ETag): that version was rejected.
    const body = `text of ${key.replace(/^quarantine\//, "")}`;
    await s3rver.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  }
  const read = await readContentFromS3({ client: s3rver.client, bucket: BUCKET, listPageSize: 2 });
  process.stdout.write(
    `${JSON.stringify({
      files: read.files.map((f) => [f.path, Buffer.from(f.bytes).toString(), f.stamp !== undefined]),
      quarantined: read.quarantined,
      fetched: read.fetched,
    })}\n`,
  );
} finally {
  await s3rver.stop();
}
