import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';
import { packageRoot } from '../packageRoot.js';

export const CONSOLE_DIST = join(packageRoot(), 'web-console', 'dist');
const PAGE = 'agent.html';

/**
 * The agent console's page at `/agent` and its script and style sheet under `/agent/`, built by
 * `scripts/build-console.mjs` into `web-console/dist`. The page is never cached, so a new build reaches agents at
 * their next reload; the console's data comes from `/api/auth`, `/api/agent` and the `/agent` Socket.IO namespace.
 */
export function createConsoleRouter(distDir: string = CONSOLE_DIST): Router {
  const router = Router();
  router.get(['/agent', `/agent/${PAGE}`], (_req, res) => {
    const page = join(distDir, PAGE);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Robots-Tag', 'noindex');
    if (!existsSync(page)) {
      res.status(503).type('text').send('Die Chat-Konsole ist nicht gebaut (npm run build).');
      return;
    }
    res.sendFile(page);
  });
  router.use('/agent', express.static(distDir, { index: false }));
  return router;
}
