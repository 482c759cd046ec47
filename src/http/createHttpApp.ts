import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express, type RequestHandler, type Router } from 'express';
import type { Knowledge } from '../bot/GovBot.js';
import type { Logger } from '../logger.js';
import { packageRoot } from '../packageRoot.js';
import { CATALOGUE_PAGE, DEFAULT_TENANT, PRIVACY_PAGE, TenantId } from '../tenants/types.js';
import { apiNotFound, jsonErrors } from './jsonErrors.js';
import { cataloguePage, PAGES_CSS, privacyPage } from './pages.js';
import { requestLogging } from './requestLogging.js';
import { securityHeaders } from './securityHeaders.js';

export type Readiness = 'starting' | 'ready' | 'stopping';

export const WIDGET_DIST = join(packageRoot(), 'web-widget', 'dist');

/** The HTTP side: the widget's files, the Bot Framework endpoint, health checks and the citizen-facing pages. */
export function createHttpApp(options: {
  /** The name of a tenant's municipality (the installation's city for one it does not know). */
  municipality: (tenantId: string) => string;
  /** The shared services a tenant does not offer, left out of its list of services. */
  hiddenServices?: (tenantId: string) => ReadonlySet<string>;
  /** What a tenant answers with: its catalogue is the one `/leistungen?tenant=<id>` lists. */
  knowledge: (tenantId: string) => Knowledge;
  botFrameworkHandler: RequestHandler;
  /** Where the server stands: only `ready` takes traffic (a load balancer reads `/readyz`). */
  readiness: () => Readiness;
  /** Gives every request an id and logs it (see requestLogging); without, requests are not logged. */
  logger?: Logger;
  /** Largest request body of `/api/messages`: files arrive inline as data URLs. */
  maxMessageBytes?: number;
  /** Further routes (the citizens' receipts). */
  routers?: Router[];
  /** Citizens reach GovBot over https (GOVBOT_PUBLIC_URL): browsers are told to use nothing else. */
  https?: boolean;
  /** Reverse proxies in front of GovBot (GOVBOT_TRUST_PROXY). */
  trustedProxies?: number;
}): Express {
  const app = express();
  app.disable('x-powered-by');
  if (options.logger) app.use(requestLogging(options.logger));
  // req.ip (logs) then names the client, not the proxy; the widget channel reads the same setting.
  app.set('trust proxy', options.trustedProxies ?? 0);
  app.use(securityHeaders({ https: options.https ?? false }));
  for (const router of options.routers ?? []) app.use(router);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    const status = options.readiness();
    res.status(status === 'ready' ? 200 : 503).json({ status });
  });
  app.post(
    '/api/messages',
    express.json({ limit: options.maxMessageBytes ?? 256 * 1024 }),
    options.botFrameworkHandler,
  );
  app.get(PRIVACY_PAGE, (req, res) => {
    res.type('html').send(privacyPage(options.municipality(tenantOfQuery(req.query.tenant))));
  });
  app.get(CATALOGUE_PAGE, (req, res) => {
    const query = typeof req.query.q === 'string' ? req.query.q.slice(0, 200) : '';
    const tenantId = tenantOfQuery(req.query.tenant);
    const { understanding, offices } = options.knowledge(tenantId);
    const hidden = options.hiddenServices?.(tenantId);
    const services = understanding.services().filter((service) => !hidden?.has(service.id));
    res.type('html').send(cataloguePage(services, offices, query, tenantId === DEFAULT_TENANT ? undefined : tenantId));
  });
  app.get('/assets/pages.css', (_req, res) => {
    res.type('css').send(PAGES_CSS);
  });
  if (existsSync(WIDGET_DIST)) {
    app.use(allowEmbedding(WIDGET_SCRIPTS));
    app.use(express.static(WIDGET_DIST, { index: 'index.html', maxAge: '1h' }));
  }
  app.use('/api', apiNotFound);
  app.use(jsonErrors(options.logger));
  return app;
}

/** The files a city's page loads from here to embed the widget. */
const WIDGET_SCRIPTS = ['/widget.js', '/widget.js.map'];

/**
 * Marks the widget's script as loadable by pages of other origins (a city's portal), so that it stays embeddable
 * should a later default (Cross-Origin-Resource-Policy: same-origin, or a cross-origin-isolated page) tighten this.
 */
function allowEmbedding(paths: readonly string[]): RequestHandler {
  const embeddable = new Set(paths);
  return (req, res, next) => {
    if (embeddable.has(req.path)) res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    next();
  };
}

/** The tenant a citizen page is asked for (`?tenant=<id>`); the default tenant without, or for what is no tenant id. */
function tenantOfQuery(query: unknown): string {
  const tenant = TenantId.safeParse(query);
  return tenant.success ? tenant.data : DEFAULT_TENANT;
}
