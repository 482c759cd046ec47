import { loadConfig } from '../../config/config.js';
import { createLogger } from '../../logger.js';
import { startGovBot } from '../../main.js';

export async function serveCommand(options: { dataDir: string; port?: string }): Promise<void> {
  const config = loadConfig(process.env, {
    dataDir: options.dataDir,
    port: options.port === undefined ? undefined : Number(options.port),
  });
  const logger = createLogger(config.logLevel);
  const govbot = await startGovBot(config, logger);
  process.stdout.write(`GovBot is running on ${govbot.url}\n`);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    govbot.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
