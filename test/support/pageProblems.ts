import type { Page } from 'playwright-core';
import { watchProblems } from '../widget/widgetPage.js';

/**
 * Watches a staff page (console, workbench) from now on: the returned function lists console errors, uncaught
 * exceptions and dialogs (`watchProblems`), and failed requests with status and path. Chromium logs every failed
 * request without its address; the failed requests are listed with theirs instead.
 */
export function watchPageProblems(page: Page): () => string[] {
  const messages = watchProblems(page);
  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  return () => [...messages.filter((message) => !message.startsWith('Failed to load resource')), ...failed];
}
