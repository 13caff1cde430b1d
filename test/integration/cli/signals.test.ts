import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const RUNNER = join(import.meta.dirname, "run-cli.ts");
/** The repository root, so `--import tsx` resolves from its node_modules. */
const ROOT = join(import.meta.dirname, "../../..");
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "feedpub-signals-"));
  await mkdir(join(dir, "dist"));
  await writeFile(join(dir, "dist/index.html"), "<!doctype html><title>t</title><body>hello</body>\n");
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Starts `feedpub preview` in a child process, waits for its URL, fetches it, then sends `signal`. */
async function previewUntil(signal: NodeJS.Signals) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", RUNNER, "preview", "--port", "0", "--dir", join(dir, "dist"), "--quiet"],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const deadline = Date.now() + 20_000;
  while (!stdout.includes("Press Ctrl+C")) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill("SIGKILL");
      throw new Error(`preview did not start:\n${stdout}\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout)?.[0] ?? "";
  const page = await (await fetch(url)).text();
  child.kill(signal);
  return { code: await exited, stderr, page };
}

describe("feedpub preview process", () => {
  it.each(["SIGINT", "SIGTERM"] as const)(
    "serves until %s, then stops cleanly with exit code 0",
    async (signal) => {
      const { code, stderr, page } = await previewUntil(signal);
      expect(page).toContain("hello");
      expect(code).toBe(0);
      expect(stderr).toContain(`stopped (${signal})`);
    },
  );
});
