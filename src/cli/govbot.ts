#!/usr/bin/env node
import { Command, Option } from 'commander';
import { ConfigError } from '../config/config.js';

/**
 * A command's handler, its module loaded only when the command runs: `govbot --help` or `govbot tenant list` then
 * loads what it needs, not the whole bot (seconds of start-up otherwise).
 */
function lazy<M, K extends keyof M>(load: () => Promise<M>, name: K): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    const handler = (await load())[name];
    if (typeof handler !== 'function') throw new Error(`govbot: ${String(name)} is not a command handler`);
    await handler(...args);
  };
}

/** `govbot`: the command line of GovBot. Every subcommand takes `--data-dir` (env GOVBOT_DATA_DIR, default ./data). */
const program = new Command('govbot').description('GovBot, the chat bot for municipal service portals');
const dataDir = () =>
  new Option('--data-dir <dir>', 'data directory (SQLite database, models)').env('GOVBOT_DATA_DIR').default('./data');

program
  .command('serve')
  .description('serve the bot: web widget, Socket.IO and Bot Framework endpoint (PORT, default 3000)')
  .addOption(dataDir())
  .option('--port <port>', 'port to listen on (default: env PORT or 3000)')
  .action(lazy(() => import('./commands/serveCommand.js'), 'serveCommand'));

program
  .command('import')
  .description('import a service catalogue')
  .addOption(dataDir())
  .addOption(new Option('--format <format>', 'catalogue format').choices(['dldb']).makeOptionMandatory())
  .argument('<file>', 'services file')
  .option('--locations <file>', 'offices (locations) file of the same export')
  .option('--replace', 'the catalogue becomes exactly the imported services', false)
  .option('--tenant <id>', "into the tenant's own catalogue, on top of the shared one (docs/tenants.md)")
  .action(lazy(() => import('./commands/importCommand.js'), 'importCommand'));

program
  .command('train')
  .description('train the draft (catalogue and intents) and publish it as the newest version')
  .addOption(dataDir())
  .option('--tenant <id>', "the tenant's draft: the shared one with the tenant's own on top (docs/tenants.md)")
  .option('--all-tenants', 'the shared draft, then every tenant with content of its own (a central refresh)', false)
  .action(lazy(() => import('./commands/trainCommand.js'), 'trainCommand'));

program
  .command('export-intents')
  .description("write the draft's intents to their NLP.js corpus files")
  .addOption(dataDir())
  .option('--dir <dir>', 'folder of the corpus files (default: intents/ of GovBot)')
  .option('--tenant <id>', "the tenant's own intents (docs/tenants.md); --dir required")
  .action(lazy(() => import('./commands/exportIntentsCommand.js'), 'exportIntentsCommand'));

program
  .command('import-intents')
  .description('read the NLP.js corpus files into the draft, replacing its intents')
  .addOption(dataDir())
  .option('--dir <dir>', 'folder of the corpus files (default: intents/ of GovBot)')
  .option('--tenant <id>', "the tenant's own intents (docs/tenants.md); --dir required")
  .action(lazy(() => import('./commands/importIntentsCommand.js'), 'importIntentsCommand'));

program
  .command('parse')
  .description('read one question per line from stdin, print one JSON result per line')
  .addOption(dataDir())
  .addOption(
    new Option('--lang <lang>', 'language of the questions (default: detected per line)').choices(['de', 'en']),
  )
  .action(lazy(() => import('./commands/parseCommand.js'), 'parseCommand'));

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
  .action(lazy(() => import('./commands/evalCommand.js'), 'evalCommand'));

const deliveries = program
  .command('deliveries')
  .description('list the outbox: the deliveries of submitted applications to their recipients')
  .addOption(dataDir())
  .addOption(
    new Option('--status <status>', 'only deliveries with this status').choices(['pending', 'delivered', 'failed']),
  )
  .option('--reference <reference>', 'only the deliveries of this application')
  .option('--json', 'print the deliveries as JSON instead of a table', false)
  .action(lazy(() => import('./commands/deliveriesCommand.js'), 'deliveriesCommand'));

deliveries
  .command('retry')
  .description('make a failed delivery pending again; a running server sends it at its next poll')
  .argument('<deliveryId>', 'the delivery, as in the first column of `govbot deliveries`')
  // --data-dir is the parent's option, so it may stand before or after `retry`.
  .configureHelp({ showGlobalOptions: true })
  .action(lazy(() => import('./commands/deliveriesCommand.js'), 'retryDeliveryCommand'));

program
  .command('backup')
  .description(
    'write an online backup of the database to FILE, also while the server runs (restore: docs/operations.md)',
  )
  .addOption(dataDir())
  .argument('<file>', 'the backup file to write')
  .option('--force', 'replace FILE if it exists', false)
  .action(lazy(() => import('./commands/backupCommand.js'), 'backupCommand'));

const user = program.command('user').description('staff users (agents, editors, publishers, admins) who log in');
/** Repeatable options (`--origin A --origin B`) collect into a list. */
const collect = (value: string, previous: string[]) => [...previous, value];

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
  .option(
    '--tenant <id>',
    'a tenant (municipality) the user works for (repeatable; default: default); admins work for all',
    collect,
    [],
  )
  .option('--password-stdin', 'read the password from stdin (required: never pass it as an argument)', false)
  // Options only: its second parameter is stdin, where commander would pass the command.
  .action(async (options: unknown) => (await import('./commands/userCommand.js')).userAddCommand(options));

user
  .command('tenants')
  .description('set the tenants (municipalities) a staff user works for, replacing the ones they had')
  .addOption(dataDir())
  .argument('<name>', 'login name')
  .option('--tenant <id>', 'a tenant the user works for (repeatable; none: no chats but for admins)', collect, [])
  .action(lazy(() => import('./commands/userCommand.js'), 'userTenantsCommand'));

user
  .command('list')
  .description('list the staff users')
  .addOption(dataDir())
  .action(lazy(() => import('./commands/userCommand.js'), 'userListCommand'));

const tenant = program
  .command('tenant')
  .description('the municipalities this installation serves (docs/tenants.md); servers pick changes up within 30 s');

/** The settings `add` and `set` share; an empty value (`--name ''`) removes one: the installation's applies. */
const tenantSettings = (command: Command) =>
  command
    .addOption(dataDir())
    .option('--name <name>', 'the municipality as the bot names it ("der Stadt {name}"; default GOVBOT_CITY)')
    .option('--privacy-url <url>', 'its privacy notice, absolute or relative to the bot (default GOVBOT_PRIVACY_URL)')
    .option('--search-url <url>', 'its service search (default GOVBOT_SEARCH_URL)')
    .option('--origin <origin>', 'an origin of its portal that may embed the widget (repeatable)', collect, [])
    .option('--bot-id <id>', 'a Bot Framework bot id answering for it (repeatable)', collect, [])
    .option('--title <title>', "the widget's title")
    .option('--color <color>', "the widget's colour (#rgb or #rrggbb)")
    .option('--logo <url>', "the widget's logo (http or https URL)")
    .option('--service-hours <hours>', 'its service centre\'s hours, e.g. "mo-fr 08:00-16:00", or "always"')
    .option('--state <land>', 'the Land whose holidays close its service centre, e.g. BY (default GOVBOT_STATE)')
    .option('--dialogs <ids>', 'the form dialogs it offers: ids separated by commas, "all" (default) or "none"')
    .option('--hide-service <id>', 'a shared service it does not offer (repeatable)', collect, [])
    .option(
      '--transcript-days <days>',
      'how long its conversations are kept (default GOVBOT_RETENTION_TRANSCRIPT_DAYS)',
    )
    .option('--application-days <days>', 'how long its applications are kept (GOVBOT_RETENTION_APPLICATION_DAYS)')
    .option('--ticket-days <days>', 'how long its done contact requests are kept (GOVBOT_RETENTION_TICKET_DAYS)');

tenant
  .command('list')
  .description('list the tenants: id, name, origins, bot ids')
  .addOption(dataDir())
  .option('--json', 'print the tenants as JSON instead of a table', false)
  .action(lazy(() => import('./commands/tenantCommand.js'), 'tenantListCommand'));

tenant
  .command('show')
  .description("print a tenant's settings as JSON")
  .argument('<id>', 'the tenant id')
  .addOption(dataDir())
  .action(lazy(() => import('./commands/tenantCommand.js'), 'tenantShowCommand'));

tenantSettings(
  tenant
    .command('add')
    .description('add a tenant; an existing id is refused')
    .argument('<id>', 'the tenant id: lower-case letters, digits, inner hyphens'),
).action(lazy(() => import('./commands/tenantCommand.js'), 'tenantAddCommand'));

tenantSettings(
  tenant
    .command('set')
    .description('change the given settings of a tenant; --origin and --bot-id add to its lists')
    .argument('<id>', 'the tenant id'),
)
  .option('--clear-origins', 'empty its origins first (with --origin: replace them)', false)
  .option('--clear-bot-ids', 'empty its bot ids first (with --bot-id: replace them)', false)
  .option('--show-service <id>', 'a hidden shared service it offers again (repeatable)', collect, [])
  .action(lazy(() => import('./commands/tenantCommand.js'), 'tenantSetCommand'));

const conversation = program
  .command('conversation')
  .description("a citizen's data by conversation id: export or delete it (docs/privacy.md)");

conversation
  .command('export')
  .description('print everything stored about a conversation as JSON')
  .argument('<id>', 'the conversation id')
  .addOption(dataDir())
  .option('--files', 'include the uploaded files as base64', false)
  .action(lazy(() => import('./commands/conversationCommand.js'), 'conversationExportCommand'));

conversation
  .command('delete')
  .description('delete a conversation as "Chat löschen" does; applications and contact requests stay')
  .argument('<id>', 'the conversation id')
  .addOption(dataDir())
  .action(lazy(() => import('./commands/conversationCommand.js'), 'conversationDeleteCommand'));

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(
    `govbot: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
