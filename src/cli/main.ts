import { Command, CommanderError } from 'commander';
import { CannotStart } from '../main.js';
import {
  ConflictError,
  type DomainError,
  ForbiddenError,
  InputError,
  NotFoundError,
} from '../model/errors.js';
import { registerAccountCommands, registerAuditCommand } from './commands/account-commands.js';
import { registerAckCommands } from './commands/ack-commands.js';
import { CommanderUsage, registerChainCommands } from './commands/chain-commands.js';
import { registerDbCommands } from './commands/db-commands.js';
import { registerHistoryCommands } from './commands/history-commands.js';
import { registerIncidentCommands } from './commands/incident-commands.js';
import { registerInteropCommands } from './commands/interop-commands.js';
import { registerMaintenanceCommands } from './commands/maintenance-commands.js';
import { registerModelCommands } from './commands/model-commands.js';
import { registerServeCommand } from './commands/serve-command.js';
import { registerSignalCommands } from './commands/signal-commands.js';
import { registerSlaCommand } from './commands/sla-command.js';
import { registerStatusCommands } from './commands/status-commands.js';
import { type Io, processIo } from './output.js';

/**
 * Exit codes: 0 done, 1 the input or the request was refused, 2 a usage mistake, 69 the server
 * cannot start (the port taken: sysexits' EX_UNAVAILABLE), 70 a bug.
 */
export const EXIT = { ok: 0, refused: 1, usage: 2, unavailable: 69, internal: 70 } as const;

/** Runs the CLI on `argv` (as in process.argv) and resolves to the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('servicechain')
    .description('Servicechain: the chain of services and customers, with live status')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) })
    .showSuggestionAfterError();
  const setExit = (code: number) => {
    exitCode = code;
  };
  registerModelCommands(program, io, setExit);
  registerChainCommands(program, io);
  registerStatusCommands(program, io);
  registerHistoryCommands(program, io);
  registerServeCommand(program, io);
  registerSignalCommands(program, io);
  registerAckCommands(program, io);
  registerMaintenanceCommands(program, io);
  registerIncidentCommands(program, io);
  registerSlaCommand(program, io);
  registerInteropCommands(program, io, setExit);
  registerAccountCommands(program, io);
  registerAuditCommand(program, io);
  registerDbCommands(program, io);
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    return reportError(error, io);
  }
  return exitCode;
}

function reportError(error: unknown, io: Io): number {
  if (error instanceof CommanderError) {
    // Help and version are "errors" to commander; they have already been printed.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof CommanderUsage) {
    io.err(`error: ${error.message}`);
    return EXIT.usage;
  }
  if (error instanceof CannotStart) {
    io.err(`error: ${error.message}`);
    return EXIT.unavailable;
  }
  if (
    error instanceof NotFoundError ||
    error instanceof InputError ||
    error instanceof ConflictError ||
    error instanceof ForbiddenError
  ) {
    io.err(`error: ${error.message}`);
    const details = (error as DomainError).details;
    if (Array.isArray(details))
      for (const detail of details)
        io.err(
          `  ${typeof detail === 'object' && detail && 'message' in detail ? String((detail as { message: unknown }).message) : JSON.stringify(detail)}`,
        );
    return EXIT.refused;
  }
  io.err(
    `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  return EXIT.internal;
}
