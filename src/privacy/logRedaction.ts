import { type LoggerOptions, stdSerializers } from 'pino';
import { scrubPersonalData } from '../editor/inbox/scrubPersonalData.js';

/**
 * What keeps personal data out of the logs, as pino options. Fields known to hold a citizen's words, contact data,
 * secrets or an IP address are replaced by `[Redacted]` wherever they appear at the top or one level down. Free text
 * that may quote a citizen by accident (error messages and stacks, a remote system's error reply) is scrubbed with
 * the inbox's scrubber, so the log still says what went wrong without saying about whom.
 */
export function logRedaction(): Pick<LoggerOptions, 'redact' | 'serializers'> {
  return {
    redact: {
      paths: [
        ...REDACTED_KEYS.flatMap((key) => [key, `*.${key}`]),
        ...SCRUBBED_KEYS.flatMap((key) => [key, `*.${key}`]),
      ],
      censor: (value: unknown, path: string[]) =>
        SCRUBBED_KEYS.includes(path[path.length - 1] ?? '') ? scrubText(value) : '[Redacted]',
    },
    serializers: { err: scrubbedError, error: scrubbedError },
  };
}

/** Keys whose values are personal or secret whatever they hold. */
const REDACTED_KEYS = [
  'text',
  'token',
  'password',
  'cookie',
  'authorization',
  'email',
  'phone',
  'iban',
  'ip',
  'remoteAddress',
  'question',
  'values',
];

/** Keys whose values are diagnostic text, kept but scrubbed. */
const SCRUBBED_KEYS = ['reason', 'lastError', 'detail'];

function scrubText(value: unknown): unknown {
  return typeof value === 'string' ? scrubPersonalData(value, 'de') : value;
}

/** pino's error serializer, with message and stack (both include the causes') scrubbed; strings are scrubbed as text. */
function scrubbedError(error: unknown): unknown {
  if (!(error instanceof Error)) return scrubText(error);
  const serialized = stdSerializers.err(error);
  serialized.message = scrubPersonalData(serialized.message, 'de');
  if (typeof serialized.stack === 'string') serialized.stack = scrubPersonalData(serialized.stack, 'de');
  return serialized;
}
