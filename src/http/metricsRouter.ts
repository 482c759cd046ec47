import { timingSafeEqual } from 'node:crypto';
import { type Request, Router } from 'express';
import type { Logger } from '../logger.js';
import type { GovBotMetrics } from '../metrics/GovBotMetrics.js';
import { loggerOf } from './requestLogging.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * `GET /metrics` for Prometheus. The figures tell outsiders how busy the service centre is and which version runs,
 * so they are not public: with `token` (GOVBOT_METRICS_TOKEN) a scraper must send `Authorization: Bearer <token>`;
 * without, only a scraper on the same machine is served — and not through a reverse proxy there, which would make
 * every visitor look local (a request with `X-Forwarded-For` or `Forwarded` is refused).
 */
export function metricsRouter(options: { metrics: GovBotMetrics; token: string | undefined; logger: Logger }): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    const refused = refusal(req, options.token);
    if (refused === 'unauthorized') {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      res.status(401).json({ error: 'unauthorized' });
      return;
    }
    if (refused === 'forbidden') {
      res.status(403).json({ error: 'forbidden', message: 'set GOVBOT_METRICS_TOKEN to scrape from elsewhere' });
      return;
    }
    try {
      const text = await options.metrics.text();
      res.type(options.metrics.contentType).send(text);
    } catch (error) {
      loggerOf(req, options.logger).error({ err: error }, 'metrics not collected');
      res.status(500).json({ error: 'internal_error' });
    }
  });
  return router;
}

function refusal(req: Request, token: string | undefined): 'unauthorized' | 'forbidden' | undefined {
  if (token !== undefined) return bearerMatches(req.get('authorization'), token) ? undefined : 'unauthorized';
  const proxied = req.get('x-forwarded-for') !== undefined || req.get('forwarded') !== undefined;
  return !proxied && LOOPBACK.has(req.socket.remoteAddress ?? '') ? undefined : 'forbidden';
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const bearer = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (bearer === undefined) return false;
  const given = Buffer.from(bearer);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
