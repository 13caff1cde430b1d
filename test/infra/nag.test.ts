/**
 * cdk-nag AwsSolutions checks run on every synth (infra/app.ts registers them). The stack must
 * synthesise with no unacknowledged finding, with and without a custom domain; a resource that
 * breaks a rule must make synthesis fail (proof the checks are live).
 */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Validations } from "aws-cdk-lib";
import * as s3 from "aws-cdk-lib/aws-s3";
import { describe, expect, it } from "vitest";
import { createFeedpubApp } from "../../infra/app.js";
import type { FeedpubStackProps } from "../../infra/feedpub-stack.js";
import { cdkContext, tempContentDir } from "./synth.js";

function build(props: FeedpubStackProps = {}) {
  const outdir = mkdtempSync(join(tmpdir(), "feedpub-nag-"));
  const app = new App({ context: { ...cdkContext(), "aws:cdk:bundling-stacks": [] }, outdir });
  const stack = createFeedpubApp(app, { contentDir: tempContentDir(), ...props });
  return { app, stack, outdir };
}

/** Every acknowledgement carries a written reason. */
function acknowledgements(app: App): { id: string; reason: string }[] {
  const out: { id: string; reason: string }[] = [];
  const visit = (node: App["node"]) => {
    for (const entry of node.metadata) {
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) {
        for (const [id, reason] of Object.entries(entry.data as Record<string, unknown>)) {
          out.push({ id, reason: typeof reason === "string" ? reason : JSON.stringify(reason) });
        }
      }
    }
    for (const child of node.children) visit(child.node);
  };
  visit(app.node);
  return out;
}

describe("cdk-nag AwsSolutions", () => {
  it("passes with every finding either fixed or acknowledged with a reason", () => {
    const { app } = build();
    expect(() => app.synth()).not.toThrow();
    const acks = acknowledgements(app).filter((a) => a.id.includes("AwsSolutions"));
    expect(acks.length).toBeGreaterThan(5);
    for (const ack of acks) expect(ack.reason.length, ack.id).toBeGreaterThan(30);
    // Geo restriction, WAF and the default certificate's TLS are the only distribution-level waivers.
    expect(
      acks
        .map((a) => a.id)
        .filter((id) => /CFR/.test(id))
        .sort(),
    ).toEqual(
      expect.arrayContaining([
        expect.stringContaining("AwsSolutions-CFR1"),
        expect.stringContaining("AwsSolutions-CFR2"),
      ]),
    );
  });

  it("passes with a custom domain without waiving CFR4 (TLSv1.2_2021 is enforced)", () => {
    const { app } = build({
      domainName: "feeds.example.com",
      certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
    });
    expect(() => app.synth()).not.toThrow();
    expect(
      acknowledgements(app)
        .map((a) => a.id)
        .filter((id) => id.includes("CFR4")),
    ).toEqual([]);
  });

  it("fails synthesis on an unacknowledged finding", () => {
    const { app, stack, outdir } = build();
    new s3.Bucket(stack, "Careless", { enforceSSL: false });
    let message = "";
    try {
      app.synth();
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/The S3 Bucket has server access logs disabled/);
    expect(message).toMatch(/Feedpub\/Careless\/Resource/);
    expect(message).not.toMatch(/Feedpub\/(Site|Content|Pipeline)\//);
    expect(existsSync(join(outdir, "validation-report.json"))).toBe(true);
  });
});
