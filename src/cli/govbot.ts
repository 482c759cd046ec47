#!/usr/bin/env node
import { Command, Option } from 'commander';
import { ConfigError } from '../config/config.js';
import { backupCommand } from './commands/backupCommand.js';
import { conversationDeleteCommand, conversationExportCommand } from './commands/conversationCommand.js';
import { deliveriesCommand, retryDeliveryCommand } from './commands/deliveriesCommand.js';
import { evalCommand } from './commands/evalCommand.js';
import { exportIntentsCommand } from './commands/exportIntentsCommand.js';
import { importCommand } from './commands/importCommand.js';
import { importIntentsCommand } from './commands/importIntentsCommand.js';
import { parseCommand } from './commands/parseCommand.js';
import { serveCommand } from './commands/serveCommand.js';
import { trainCommand } from './commands/trainCommand.js';
import { userAddCommand, userListCommand } from './commands/userCommand.js';

/** `govbot`: the command line of GovBot. Every subcommand takes `--data-dir` (env GOVBOT_DATA_DIR, default ./data). */
const program = new Command('govbot').description('GovBot, the chat bot for municipal service portals');
const dataDir = () =>
  new Option('--data-dir <dir>', 'data directory (SQLite database, models)').env('GOVBOT_DATA_DIR').default('./data');

program
  .command('serve')
  .description('serve the bot: web widget, Socket.IO and Bot Framework endpoint (PORT, default 3000)')
  .addOption(dataDir())
  .option('--port <port>', 'port to listen on (default: env PORT or 3000)')
  .action(serveCommand);

program
  .command('import')
  .description('import a service catalogue')
  .addOption(dataDir())
  .addOption(new Option('--format <format>', 'catalogue format').choices(['dldb']).makeOptionMandatory())
  .argument('<file>', 'services file')
  .option('--locations <file>', 'offices (locations) file of the same export')
  .option('--replace', 'the catalogue becomes exactly the imported services', false)
  .action(importCommand);

program
  .command('train')
  .description('train the draft (catalogue and intents) and publish it as the newest version')
  .addOption(dataDir())
  .action(trainCommand);

program
  .command('export-intents')
  .description("write the draft's intents to their NLP.js corpus files")
  .addOption(dataDir())
  .option('--dir <dir>', 'folder of the corpus files (default: intents/ of GovBot)')
  .action(exportIntentsCommand);

program
  .command('import-intents')
  .description('read the NLP.js corpus files into the draft, replacing its intents')
  .addOption(dataDir())
  .option('--dir <dir>', 'folder of the corpus files (default: intents/ of GovBot)')
  .action(importIntentsCommand);

program
  .command('parse')
  .description('read one question per line from stdin, print one JSON result per line')
  .addOption(dataDir())
  .addOption(
    new Option('--lang <lang>', 'language of the questions (default: detected per line)').choices(['de', 'en']),
  )
  .action(parseCommand);

program
  .command('eval')
  .description('measure understanding: cross-validate the corpus, or score a labelled question file (--questions)')
  .addOption(dataDir())
  .option('--folds <k>', 'cross-validation: number of folds', '5')
  .addOption(new Option('--lang <lang>', 'cross-validation: one language only (default: both)').choices(['de', 'en']))
  .option('--seed <n>', 'cross-validation: seed of the fold shuffle', '1')
  .option('--questions <file>', 'score a labelled question file instead (.tsv as in ../shared/eval, MASSIVE .jsonl)')
  .option('--top <n>', 'rows of the per-intent table and of the list of misses', '20')
  .option('--json', 'print one JSON document (EvalReport) instead of tables', false)
  .action(evalCommand);

const deliveries = program
  .command('deliveries')
  .description('list the outbox: the deliveries of submitted applications to their recipients')
  .addOption(dataDir())
  .addOption(
    new Option('--status <status>', 'only deliveries with this status').choices(['pending', 'delivered', 'failed']),
  )
  .option('--reference <reference>', 'only the deliveries of this application')
  .option('--json', 'print the deliveries as JSON instead of a table', false)
  .action(deliveriesCommand);

deliveries
  .command('retry')
  .description('make a failed delivery pending again; a running server sends it at its next poll')
  .argument('<deliveryId>', 'the delivery, as in the first column of `govbot deliveries`')
  // --data-dir is the parent's option, so it may stand before or after `retry`.
  .configureHelp({ showGlobalOptions: true })
  .action(retryDeliveryCommand);

program
  .command('backup')
  .description(
    'write an online backup of the database to FILE, also while the server runs (restore: docs/operations.md)',
  )
  .addOption(dataDir())
  .argument('<file>', 'the backup file to write')
  .option('--force', 'replace FILE if it exists', false)
  .action(backupCommand);

const user = program.command('user').description('staff users (agents, editors, publishers, admins) who log in');

user
  .command('add')
  .description('create a staff user; the password is read from stdin')
  .addOption(dataDir())
  .requiredOption('--name <name>', 'login name')
  .addOption(
    new Option('--role <role>', 'what the user may do')
      .choices(['agent', 'editor', 'publisher', 'admin'])
      .makeOptionMandatory(),
  )
  .option('--password-stdin', 'read the password from stdin (required: never pass it as an argument)', false)
  .action((options: unknown) => userAddCommand(options));

user.command('list').description('list the staff users').addOption(dataDir()).action(userListCommand);

const conversation = program
  .command('conversation')
  .description("a citizen's data by conversation id: export or delete it (docs/privacy.md)");

conversation
  .command('export')
  .description('print everything stored about a conversation as JSON')
  .argument('<id>', 'the conversation id')
  .addOption(dataDir())
  .option('--files', 'include the uploaded files as base64', false)
  .action(conversationExportCommand);

conversation
  .command('delete')
  .description('delete a conversation as "Chat löschen" does; applications and contact requests stay')
  .argument('<id>', 'the conversation id')
  .addOption(dataDir())
  .action(conversationDeleteCommand);

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(
    `govbot: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
