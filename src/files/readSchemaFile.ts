import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, YAMLError } from 'yaml';
import type { ZodType } from 'zod';

/** One thing wrong with a declarative file: the file (relative to its directory), where in it, and why. */
export interface FileProblem {
  file: string;
  path: string;
  reason: string;
}

/**
 * Reads, parses (YAML, which includes JSON) and validates one file of a directory; records every problem and returns
 * undefined when the file is unusable, so a loader can report all problems of all files at once.
 */
export function readSchemaFile<T>(
  dir: string,
  file: string,
  schema: ZodType<T>,
  problems: FileProblem[],
): T | undefined {
  let data: unknown;
  try {
    data = parse(readFileSync(join(dir, file), 'utf8'));
  } catch (error) {
    problems.push(
      error instanceof YAMLError ? yamlProblem(file, error) : { file, path: '(file)', reason: messageOf(error) },
    );
    return undefined;
  }
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    problems.push({ file, path: formatPath(issue.path), reason: issue.message });
  }
  return undefined;
}

/** `fields[2].options[0].value` from zod's path array. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/** The first line of an error's message. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}

function yamlProblem(file: string, error: YAMLError): FileProblem {
  const start = error.linePos?.[0];
  const reason = messageOf(error).replace(/ at line \d+, column \d+:?$/, '');
  return { file, path: start ? `line ${start.line}, column ${start.col}` : '(file)', reason };
}
