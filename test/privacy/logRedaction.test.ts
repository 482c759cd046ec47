import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { PERSONAL_TEXT, PERSONAL_VALUES } from './seedCitizen.js';

function logged(write: (logger: ReturnType<typeof createLogger>) => void): Record<string, unknown> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  write(createLogger('info', stream));
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

describe('log redaction', () => {
  it('replaces personal and secret fields, at the top and one level down', () => {
    const line = logged((logger) =>
      logger.info(
        { email: 'erika@example.de', ticket: { phone: '0171 2345678', question: PERSONAL_TEXT }, ip: '203.0.113.7' },
        'x',
      ),
    );
    expect(line).toMatchObject({
      email: '[Redacted]',
      ticket: { phone: '[Redacted]', question: '[Redacted]' },
      ip: '[Redacted]',
    });
  });

  it('scrubs diagnostic text and errors but keeps what went wrong', () => {
    const line = logged((logger) =>
      logger.error(
        {
          err: new Error(`cannot store: ${PERSONAL_TEXT}`),
          error: `HTTP 422: ${PERSONAL_TEXT}`,
          reason: PERSONAL_TEXT,
        },
        'failed',
      ),
    );
    const text = JSON.stringify(line);
    for (const value of PERSONAL_VALUES) expect(text).not.toContain(value);
    expect(line).toMatchObject({
      err: { type: 'Error', message: expect.stringMatching(/^cannot store: Ich heiße \[NAME\]/) },
      error: expect.stringMatching(/^HTTP 422: /),
      reason: expect.stringContaining('[E-MAIL]'),
    });
  });
});
