import { z } from 'zod';

/** One reason a request was refused, as zod reports it: where in the request (`path`) and why. */
export const ApiIssue = z.object({
  code: z.string().optional(),
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
});
export type ApiIssue = z.infer<typeof ApiIssue>;

/** Every refusal of the API: `{ error, message?, issues? }`. */
export const ApiError = z
  .object({
    error: z.string().meta({ description: 'invalid_request, unauthenticated, forbidden, csrf, not_found, a conflict' }),
    message: z.string().optional(),
    issues: z.array(ApiIssue).optional(),
  })
  .meta({ id: 'Error', description: 'A refused request.' });
export type ApiError = z.infer<typeof ApiError>;

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 500;
export type ErrorReply = ApiError & { status: ErrorStatus };

/** zod's issues as the API reports them, under `prefix` (e.g. `['query']`); symbol path keys are dropped. */
export function issuesOf(error: z.ZodError, prefix: (string | number)[] = []): ApiIssue[] {
  return error.issues.map((issue) => ({
    code: issue.code,
    path: [...prefix, ...issue.path.filter((key): key is string | number => typeof key !== 'symbol')],
    message: issue.message,
  }));
}

export function invalid(issues: ApiIssue[]): ErrorReply {
  return { status: 400, error: 'invalid_request', issues };
}

export function notFound(message?: string): ErrorReply {
  return { status: 404, error: 'not_found', ...(message === undefined ? {} : { message }) };
}

export function forbidden(message?: string): ErrorReply {
  return { status: 403, error: 'forbidden', ...(message === undefined ? {} : { message }) };
}
