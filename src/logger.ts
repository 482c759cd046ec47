import { type Logger as PinoLogger, pino } from 'pino';

export type Logger = PinoLogger;

/**
 * Structured JSON logs. Message texts of citizens are never logged: only ids, intents, counts and timings.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, base: { service: 'govbot' }, redact: ['text', '*.text', 'token', '*.token'] },
    destination ?? process.stderr,
  );
}
