/** Runs the feedpub CLI from source in a child process (`node --import tsx run-cli.ts <args>`), for signal tests. */
import { main } from "../../../functions/cli/main.js";

process.exitCode = await main(process.argv.slice(2));
