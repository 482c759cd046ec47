import { loadConfig } from '../../config/config.js';
import { createLogger, type Logger } from '../../logger.js';
import { type RunningGovBot, startGovBot } from '../../main.js';

/** `govbot serve`: runs the bot until SIGTERM or SIGINT, then shuts it down gracefully (docs/operations.md). */
export async function serveCommand(options: { dataDir: string; port?: string }): Promise<void> {
  const config = loadConfig(process.env, {
    dataDir: options.dataDir,
    port: options.port === undefined ? undefined : Number(options.port),
  });
  const logger = createLogger(config.logLevel);
  const govbot = await startGovBot(config, logger);
  process.stdout.write(`GovBot is running on ${govbot.url}\n`);
  const shutdown = shutdownOnce(govbot, logger, config.shutdownTimeoutMs);
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

/**
 * Closes the bot on the first signal and exits 0 once it is closed: no new connections, running turns finished,
 * recorder and outbox flushed, database closed (its WAL checkpointed). Exits 1 when closing fails or takes longer than
 * `timeoutMs` (GOVBOT_SHUTDOWN_TIMEOUT_MS, default 15 s: enough for running turns and for a webhook delivery under way
 * to end, its timeout being 10 s; less than the 30 s an orchestrator waits before it sends SIGKILL). Whatever was
 * acknowledged is in the database already, so a forced exit loses nothing stored.
 */
function shutdownOnce(govbot: RunningGovBot, logger: Logger, timeoutMs: number): (signal: string) => void {
  let closing = false;
  return (signal) => {
    if (closing) return;
    closing = true;
    const started = performance.now();
    logger.info({ signal, graceMs: timeoutMs }, 'shutting down');
    setTimeout(() => {
      logger.error({ graceMs: timeoutMs, forced: true }, 'shutdown forced after the timeout: exiting without closing');
      process.exit(1);
    }, timeoutMs).unref();
    govbot.close().then(
      () => {
        logger.info({ ms: Math.round(performance.now() - started) }, 'shut down');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
}
