#!/usr/bin/env node
// The CLI entry point. `npm ci` runs `prepare`, which compiles src/ to dist/.
import { main } from '../dist/src/cli/main.js';

// A reader that stops early (`servicechain status | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 70;
  },
);
