#!/usr/bin/env node
// The CLI entry point. `npm ci` runs `prepare`, which compiles src/ to dist/.
import { main } from '../dist/src/cli/main.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 70;
  },
);
