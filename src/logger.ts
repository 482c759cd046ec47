import { type Logger as PinoLogger, pino } from 'pino';
import { logRedaction } from './privacy/logRedaction.js';

export type Logger = PinoLogger;

/**
 * Structured JSON logs. Message texts of citizens are never logged: only ids, intents, counts and timings.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    // Personal data is redacted or scrubbed (docs/privacy.md).
    { level, base: { service: 'govbot' }, ...logRedaction() },
    destination ?? process.stderr,
  );
}
