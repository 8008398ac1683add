import type { Command } from 'commander';
import { copyDatabase } from '../../store/copy/db-copy.js';
import type { Io } from '../output.js';
import { CommanderUsage } from './chain-commands.js';

/** `db copy`: moving a deployment between SQLite and PostgreSQL. */
export function registerDbCommands(program: Command, io: Io): void {
  const db = program.command('db').description('the database itself');
  db.command('copy')
    .description(
      'copy every table from one database to another (SQLite file or data folder, or postgres:// URL with ?schema=NAME); stop the servers first',
    )
    .requiredOption('--from <pathOrUrl>', 'the database to copy')
    .requiredOption('--to <pathOrUrl>', 'the database to fill (migrated first)')
    .option('--force', 'empty the target first when it holds data')
    .option('--batch <rows>', 'rows read and written at a time (default 5000)')
    .action(async (options: { from: string; to: string; force?: boolean; batch?: string }) => {
      const batchSize = options.batch === undefined ? undefined : Number(options.batch);
      if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1))
        throw new CommanderUsage(`--batch: '${options.batch}' is not a whole number of 1 or more`);
      await copyDatabase({
        from: options.from,
        to: options.to,
        force: options.force === true,
        ...(batchSize !== undefined && { batchSize }),
        progress: (line) => io.err(line),
      });
    });
  for (const command of db.commands) command.exitOverride();
}
