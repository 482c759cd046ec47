import type { z } from 'zod';

/** A command's options as commander hands them over, parsed; a bad one fails naming the option. */
export function parseOptions<T extends z.ZodType>(schema: T, rawOptions: unknown): z.output<T> {
  const parsed = schema.safeParse(rawOptions);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; '));
  }
  return parsed.data;
}
