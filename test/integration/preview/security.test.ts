import { describe, expect, it } from "vitest";
import { resolveRequestPath } from "../../../functions/cli/preview/safe-path.js";
import { request } from "./http.js";
import { servePreviewFixture } from "./site-fixture.js";

const fixture = servePreviewFixture();

describe("preview server: paths outside the output folder", () => {
  it.each([
    "/../secret.txt",
    "/../package.json",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/..%2fsecret.txt",
    "/..%2Fsecret.txt",
    "/sections/..%2f..%2fsecret.txt",
    "/sections/%2e%2e/%2e%2e/secret.txt",
    "/..%5csecret.txt",
    "/feed.xml%00.html",
    "/C:/Windows/win.ini",
  ])("refuses %s", async (path) => {
    const res = await request(fixture.server.port, path);
    expect([400, 403]).toContain(res.status);
    expect(res.body.toString()).not.toContain("do not serve");
  });

  it("never leaks a file outside the root through doubled slashes or absolute-looking paths", async () => {
    for (const path of ["//secret.txt", "//etc/passwd", "/%2fetc%2fpasswd"]) {
      const res = await request(fixture.server.port, path);
      expect(res.status, path).toBe(404);
      expect(res.body.toString()).not.toMatch(/do not serve|root:/);
    }
  });

  it("hides the publish manifest and other dot-files", async () => {
    for (const path of ["/.feedpub/manifest.json", "/.feedpub/", "/%2efeedpub/manifest.json", "/.env"]) {
      const res = await request(fixture.server.port, path);
      expect(res.status, path).toBe(404);
      expect(res.body.toString()).not.toContain('"files"');
    }
  });

  it("answers a malformed escape with 400", async () => {
    const res = await request(fixture.server.port, "/feed%zz.xml");
    expect(res.status).toBe(400);
  });
});

describe("resolveRequestPath", () => {
  it("maps clean paths, keeping the directory flag and dropping the query", () => {
    expect(resolveRequestPath("/sections/world/feed.xml?x=1")).toEqual({
      kind: "ok",
      path: "sections/world/feed.xml",
      directory: false,
    });
    expect(resolveRequestPath("/sections/world/")).toEqual({
      kind: "ok",
      path: "sections/world",
      directory: true,
    });
    expect(resolveRequestPath("/")).toEqual({ kind: "ok", path: "", directory: true });
  });

  it("refuses non-path targets", () => {
    expect(resolveRequestPath("http://127.0.0.1/feed.xml").kind).toBe("bad-request");
    expect(resolveRequestPath("*").kind).toBe("bad-request");
  });
});
