/**
 * One publish, shared by the publish (SQS) and schedule (EventBridge) handlers: read the content
 * bucket → loadContent → renderSite → publishSite to the site bucket → CloudFront invalidation of
 * exactly the reported paths. Content with errors, quarantined files included, publishes nothing
 * (the last good site stays up, the PublishBlocked metric counts it), as `feedpub publish` does.
 * A publish with nothing to change writes nothing and invalidates nothing, which makes redelivered
 * messages and overlapping schedule runs harmless; paths whose invalidation failed are kept
 * (pending-invalidation.ts) and sent again by the next publish.
 */
import { createHash } from "node:crypto";
import type { CreateInvalidationCommand } from "@aws-sdk/client-cloudfront";
import type { S3Client } from "@aws-sdk/client-s3";
import { loadContent } from "../core/load.js";
import type { Diagnostic } from "../core/model.js";
import { type PublishReport, publishSite } from "../core/publish/index.js";
import { renderSite } from "../core/render/index.js";
import { createRenderCache, type RenderCache } from "../core/render-cache.js";
import type { Storage } from "../storage/types.js";
import { cloudFrontSdk } from "./aws-sdk.js";
import { METRIC } from "./env-names.js";
import type { Log } from "./log.js";
import { chunk, logDiagnostics } from "./log-diagnostics.js";
import type { Metrics } from "./metrics.js";
import {
  clearPendingInvalidation,
  mergePaths,
  readPendingInvalidation,
  savePendingInvalidation,
} from "./pending-invalidation.js";
import { type ContentCache, createContentCache, readContentFromS3 } from "./s3-content.js";

export { chunk, diagnosticLine, logDiagnostics } from "./log-diagnostics.js";

/** CloudFront accepts at most 3000 paths per invalidation. */
export const MAX_PATHS_PER_INVALIDATION = 3000;

/** What the publisher needs of a CloudFront client (the real one, or a recording fake in tests). */
export interface InvalidationClient {
  send(command: CreateInvalidationCommand): Promise<{ Invalidation?: { Id?: string } }>;
}

export interface PublisherDeps {
  s3: S3Client;
  contentBucket: string;
  site: Storage;
  cloudFront: InvalidationClient;
  distributionId: string;
  log: Log;
  metrics: Metrics;
  now?: () => Date;
  /** Bodies kept between invocations of a warm function. */
  cache?: ContentCache;
  /**
   * Loaded articles (by ETag), body checks and document digests kept between invocations of a warm
   * function (the core's render cache, in memory only): a publish after one edit parses that
   * article and renders only the documents and feeds that changed, as `feedpub publish` does.
   */
  renderCache?: RenderCache;
}

/** Why this publish runs: ids of the messages or event, for logs and the invalidation reference. */
export interface PublishTrigger {
  source: "sqs" | "schedule";
  ids: string[];
}

export type PublishOutcome =
  | { status: "published"; report: PublishReport; invalidationIds: string[]; nextScheduledAt?: string }
  | { status: "blocked"; errors: Diagnostic[] };

export interface Publisher {
  publish(trigger: PublishTrigger): Promise<PublishOutcome>;
}

export function createPublisher(deps: PublisherDeps): Publisher {
  const now = deps.now ?? (() => new Date());
  const cache = deps.cache ?? createContentCache();
  // One container runs one version of the code: nothing stored under another version can reach it.
  const renderCache = deps.renderCache ?? createRenderCache(undefined, "lambda");
  const { log, metrics } = deps;

  async function invalidate(paths: string[], reference: string): Promise<string[]> {
    const { CreateInvalidationCommand } = cloudFrontSdk();
    const ids: string[] = [];
    for (const [index, batch] of chunk(paths, MAX_PATHS_PER_INVALIDATION).entries()) {
      const out = await deps.cloudFront.send(
        new CreateInvalidationCommand({
          DistributionId: deps.distributionId,
          InvalidationBatch: {
            CallerReference: `${reference}-${index}`,
            Paths: { Quantity: batch.length, Items: batch },
          },
        }),
      );
      if (out.Invalidation?.Id) ids.push(out.Invalidation.Id);
    }
    return ids;
  }

  return {
    async publish(trigger) {
      const at = now();
      const snapshot = await readContentFromS3({
        client: deps.s3,
        bucket: deps.contentBucket,
        cache,
        concurrency: 32,
      });
      if (snapshot.quarantined.length > 0) {
        log.warn("quarantined content files are present: their errors block this publish", {
          quarantined: snapshot.quarantined,
        });
      }
      const result = loadContent(snapshot.files, {
        now: at,
        bodyCache: renderCache.bodies,
        articleCache: (site) => renderCache.articlesFor(site),
      });
      logDiagnostics(log, result.diagnostics);
      if (!result.ok || !result.site) {
        const errors = result.diagnostics.filter((d) => d.severity === "error");
        metrics.count(METRIC.publishBlocked, 1);
        log.error("content has errors: nothing published, the site is unchanged", {
          errors: errors.length,
          files: [...new Set(errors.map((d) => d.file))],
        });
        return { status: "blocked", errors };
      }
      const outputs = renderSite(
        { site: result.site, articles: result.articles },
        { bodyCache: renderCache.bodies, documents: renderCache.documentsFor(result.site) },
      );
      const report = await publishSite(outputs, deps.site, { concurrency: 16 });
      // Paths an earlier publish changed but could not get invalidated are sent again.
      const pending = await readPendingInvalidation(deps.site);
      const toInvalidate = mergePaths(report.invalidationPaths, pending);
      let invalidationIds: string[] = [];
      if (toInvalidate.length > 0) {
        if (report.invalidationPaths.some((p) => !pending.includes(p))) {
          await savePendingInvalidation(deps.site, toInvalidate);
        }
        const reference = createHash("sha256")
          .update(JSON.stringify([report.generation, toInvalidate, trigger.ids]))
          .digest("hex")
          .slice(0, 32);
        invalidationIds = await invalidate(toInvalidate, `feedpub-${report.generation}-${reference}`);
        await clearPendingInvalidation(deps.site);
      }
      metrics.count(METRIC.objectsWritten, report.puts.length);
      metrics.count(METRIC.objectsDeleted, report.deletes.length);
      metrics.count(METRIC.pathsInvalidated, toInvalidate.length);
      log.info("published", {
        trigger: trigger.source,
        triggers: trigger.ids.length,
        articles: result.articles.length,
        scheduled: result.scheduled.length,
        nextScheduledAt: result.nextScheduledAt,
        contentFilesFetched: snapshot.fetched,
        puts: report.puts.length,
        deletes: report.deletes.length,
        unchanged: report.unchanged,
        invalidationPaths: toInvalidate,
        ...(pending.length > 0 ? { pendingInvalidationPaths: pending } : {}),
        invalidationIds,
        generation: report.generation,
        requests: report.requests,
      });
      return {
        status: "published",
        report,
        invalidationIds,
        ...(result.nextScheduledAt ? { nextScheduledAt: result.nextScheduledAt } : {}),
      };
    },
  };
}
