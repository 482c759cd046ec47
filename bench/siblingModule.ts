import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The path of another bench module to start as a child process or worker: `.js` when running from `dist/`, `.ts`
 * under tsx (which children and workers inherit through `execArgv`).
 */
export function siblingModule(name: string): string {
  const extension = extname(fileURLToPath(import.meta.url));
  return fileURLToPath(new URL(`./${name}${extension}`, import.meta.url));
}
