/** What a command may touch of its process: output streams, the clock, the working directory. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is a terminal (progress bars, colours). */
  isTty: boolean;
  cwd: string;
  now(): Date;
  env: Record<string, string | undefined>;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTty: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
    now: () => new Date(),
    env: process.env,
  };
}
