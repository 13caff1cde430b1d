/** Runs the bundled probe (probe.ts built with the Lambda bundling) in a fresh Node, and reads content folders for it. */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { ProbeInput, ProbeReport } from "./probe.js";

/** Runs `bundle` on `input` from `dir`, where no node_modules is above: everything must be in the bundle. */
export function runProbe(bundle: string, dir: string, input: ProbeInput): ProbeReport {
  const file = join(dir, "input.json");
  writeFileSync(file, JSON.stringify(input));
  const out = execFileSync(process.execPath, [bundle], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", FEEDPUB_PROBE_INPUT: file },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"], // yaml's warnings (collection keys) go to stderr
  });
  return JSON.parse(out) as ProbeReport;
}

/** Every file under `root` as text, by its path relative to `root` with forward slashes. */
export function folderFiles(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(root, path).split("\\").join("/")] = readFileSync(path, "utf8");
    }
  };
  walk(root);
  return files;
}
