import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { Logger } from '../logger.js';

/** What body-parser puts on the errors it throws: an HTTP status and a type such as `entity.parse.failed`. */
const BodyParserError = z.looseObject({ status: z.number().int().min(400).max(499), type: z.string().optional() });

/** The error codes of the refusals body-parser decides on; anything else in 4xx is `invalid_request`. */
const CODES: Record<string, string> = {
  'entity.parse.failed': 'invalid_json',
  'entity.too.large': 'too_large',
  'encoding.unsupported': 'unsupported_encoding',
  'charset.unsupported': 'unsupported_charset',
  'request.aborted': 'request_aborted',
};

/**
 * The last error handler: every error that reached it is answered in JSON, never with express's HTML page (which
 * shows the stack trace outside production). A malformed or oversized body is the client's mistake (400
 * `invalid_json`, 413 `too_large`, …); anything else is logged with its stack and answered 500 `internal_error`.
 */
export function jsonErrors(logger?: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const client = BodyParserError.safeParse(error);
    if (res.headersSent) {
      res.end();
      return;
    }
    if (client.success) {
      const code = CODES[client.data.type ?? ''] ?? 'invalid_request';
      res.status(client.data.status).json({ error: code });
      return;
    }
    // The route pattern, never the path: receipt links carry their token in it.
    const route: unknown = req.route?.path;
    logger?.error(
      { err: error, method: req.method, route: typeof route === 'string' ? route : undefined },
      'request failed',
    );
    res.status(500).json({ error: 'internal_error' });
  };
}

/** Unknown paths under `/api` get a JSON 404, as every API answer is JSON. */
export const apiNotFound: RequestHandler = (_req, res) => {
  res.status(404).json({ error: 'not_found' });
};

/**
 * Refuses a request over a rate limit: 429 `{ error: "rate_limited", retryAfterMs }` and `Retry-After` in whole seconds
 * (rounded up, so that a client waiting that long is admitted), as the widget's `rate_limited` acknowledgement.
 */
export function refuseRateLimited(res: Response, retryAfterMs: number): void {
  res
    .status(429)
    .set('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))))
    .json({ error: 'rate_limited', retryAfterMs });
}
