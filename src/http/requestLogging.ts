import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Logger } from '../logger.js';

/** The header carrying a request's id in and out (proxies and load balancers set it too). */
export const REQUEST_ID_HEADER = 'X-Request-Id';

/** An id from outside is kept only when it is a plain token: it goes into logs and back into a header. */
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Probes and scrapes come every few seconds; their lines would drown the rest at `info`. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

const loggers = new WeakMap<Request, Logger>();

/**
 * Gives every HTTP request an id — the caller's `X-Request-Id` when it is sane, else a new UUID — echoed in the
 * response header and carried by a child logger (`loggerOf(req)`), and logs one line per request when it ends:
 * method, route pattern (never the URL: receipt links hold tokens), status and milliseconds.
 */
export function requestLogging(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get(REQUEST_ID_HEADER);
    const requestId = incoming && SANE_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const log = logger.child({ requestId });
    loggers.set(req, log);
    const started = performance.now();
    res.on('finish', () => {
      const route: unknown = req.route?.path;
      const line = {
        method: req.method,
        route: typeof route === 'string' ? route : undefined,
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
      };
      if (QUIET_PATHS.has(req.path)) log.debug(line, 'request');
      else log.info(line, 'request');
    });
    next();
  };
}

/** The request's child logger (with its `requestId`); the given one for a request that did not pass the middleware. */
export function loggerOf(req: Request, fallback: Logger): Logger {
  return loggers.get(req) ?? fallback;
}
