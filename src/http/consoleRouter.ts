import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';
import { packageRoot } from '../packageRoot.js';

export const CONSOLE_DIST = join(packageRoot(), 'web-console', 'dist');

/** The staff pages built by `scripts/build-console.mjs`: where they are served and what to say when not built. */
const PAGES = [
  { path: '/agent', file: 'agent.html', name: 'Die Chat-Konsole' },
  { path: '/editor', file: 'editor.html', name: 'Die Redaktion' },
] as const;

/**
 * The staff pages and their scripts and style sheets, built into `web-console/dist`: the agent console at `/agent`
 * (data from `/api/auth`, `/api/agent` and the `/agent` Socket.IO namespace) and the editors' workbench at `/editor`
 * (data from `/api/auth` and `/api/editor`). Pages are never cached, so a new build reaches staff at their next
 * reload; the assets are served under the page's path.
 */
export function createConsoleRouter(distDir: string = CONSOLE_DIST): Router {
  const router = Router();
  for (const { path, file, name } of PAGES) {
    router.get([path, `${path}/${file}`], (_req, res) => {
      const page = join(distDir, file);
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Robots-Tag', 'noindex');
      if (!existsSync(page)) {
        res.status(503).type('text').send(`${name} ist nicht gebaut (npm run build).`);
        return;
      }
      res.sendFile(page);
    });
    router.use(path, express.static(distDir, { index: false }));
  }
  return router;
}
