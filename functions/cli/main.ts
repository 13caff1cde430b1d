/**
 * `feedpub` command dispatch. Each command lives in ./commands/<name>.ts and exports
 * `run(args: string[], io: CliIo): Promise<number>` (the exit code). Commands are loaded
 * lazily so that `feedpub validate` never imports the AWS SDK.
 */
import type { CliIo } from "./io.js";
import { processIo } from "./io.js";

const COMMANDS: Record<
  string,
  { summary: string; load: () => Promise<{ run: (args: string[], io: CliIo) => Promise<number> }> }
> = {
  validate: {
    summary: "check content/ and report every problem",
    load: () => import("./commands/validate.js"),
  },
  build: {
    summary: "validate, then render everything into dist/",
    load: () => import("./commands/build.js"),
  },
  preview: {
    summary: "serve dist/ on 127.0.0.1 with CloudFront's headers",
    load: () => import("./commands/preview.js"),
  },
  publish: {
    summary: "publish incrementally to a folder or an S3 bucket",
    load: () => import("./commands/publish.js"),
  },
};

export function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`);
  return `Usage: feedpub <command> [options]\n\nCommands:\n${lines.join("\n")}\n\nRun 'feedpub <command> --help' for a command's options.\n`;
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`feedpub: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const module = await command.load();
  return module.run(rest, io);
}
