import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response, Router } from 'express';
import { z } from 'zod';
import type { AuthService } from '../../auth/AuthService.js';
import { worksFor } from '../../auth/tenantScope.js';
import type { StaffRole, User } from '../../auth/types.js';
import { WorkbenchConflict } from '../../editor/ports.js';
import type { Logger } from '../../logger.js';
import { requireStaff, staffLocals } from '../authRouter.js';
import { type ApiError, type ApiIssue, type ErrorReply, issuesOf } from './errors.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type SuccessStatus = 200 | 201 | 202 | 204;
/** The success responses of a route: a schema for a JSON body, `null` for none (204). */
/** Params and query arrive as objects of strings. */
export type ObjectSchema = z.ZodType<unknown, Record<string, unknown>>;
/** The type of an omitted schema: nothing to read. */
export type NoSchema = z.ZodType<undefined, Record<string, unknown>>;
export type ResponseSchemas = { [S in SuccessStatus]?: z.ZodType | null };

/** What a handler gets: the parsed params, query and body, and the staff user `requireStaff` let through. */
export interface ApiRequest<P extends ObjectSchema, Q extends ObjectSchema, B extends z.ZodType> {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  user: User;
  req: Request;
  res: Response;
}

/** A handler's answer: one of the declared success responses, or a refusal. */
export type ApiReply<R extends ResponseSchemas> =
  | {
      [S in keyof R & SuccessStatus]: R[S] extends z.ZodType ? { status: S; body: z.input<R[S]> } : { status: S };
    }[keyof R & SuccessStatus]
  | ErrorReply;

/** One route: how it is called, who may call it, its schemas (checked on every call, and documented) and handler. */
export interface RouteDefinition<
  P extends ObjectSchema = NoSchema,
  Q extends ObjectSchema = NoSchema,
  B extends z.ZodType = NoSchema,
  R extends ResponseSchemas = ResponseSchemas,
> {
  method: HttpMethod;
  /** Express syntax, e.g. `/api/editor/intents/:name`. */
  path: string;
  /** The OpenAPI operationId: unique, camelCase. */
  operationId: string;
  summary: string;
  description?: string;
  tags?: string[];
  roles: readonly StaffRole[];
  /**
   * The tenant whose citizens the route changes something for (the shared layer's, `default`, for the workbench's
   * content), or reads something of: a user who does not work for it is answered 403 `not_their_tenant`
   * (docs/tenants.md).
   */
  tenant?: TenantRule;
  params?: P;
  query?: Q;
  body?: B;
  /** Largest JSON body (express `limit` syntax); default 64kb. */
  bodyLimit?: string | number;
  responses: R;
  /** The `WorkbenchConflict` codes the route may answer with 409, for the document. */
  conflicts?: readonly string[];
  /** Answers 404 `not_found` for some inputs (documented for routes without path parameters too). */
  notFound?: boolean;
  handler: (request: ApiRequest<P, Q, B>) => Promise<ApiReply<R>>;
}

/** A route as the OpenAPI document needs it: the definition without its handler. */
export type ApiRoute = Omit<RouteDefinition<ObjectSchema, ObjectSchema, z.ZodType, ResponseSchemas>, 'handler'>;

const DEFAULT_BODY_LIMIT = '64kb';

/**
 * Routes declared with zod schemas. Every call is checked against them: params, query and body before the handler
 * runs (400 `invalid_request` with zod's issues), and the handler's answer before it is sent — an answer that does not
 * match its own schema is a bug, logged and answered with 500 so tests notice. The same definitions make the OpenAPI
 * document (`createOpenApiDocument`). Bodies are read only after `requireStaff` let the request through.
 */
export class ApiRouter {
  readonly router: Router = Router();
  private readonly definitions: ApiRoute[] = [];

  constructor(private readonly options: { auth: AuthService; logger?: Logger }) {}

  /** The routes added so far, in order. */
  get routes(): readonly ApiRoute[] {
    return this.definitions;
  }

  route<P extends ObjectSchema, Q extends ObjectSchema, B extends z.ZodType, R extends ResponseSchemas>(
    definition: RouteDefinition<P, Q, B, R>,
  ): void {
    const { handler, ...route } = definition;
    this.definitions.push(route);
    const handlers: (RequestHandler | ErrorRequestHandler)[] = [
      noStore,
      requireStaff(this.options.auth, definition.roles),
    ];
    const { tenant } = definition;
    if (tenant !== undefined) handlers.push(requireTenant(tenant));
    if (definition.body) handlers.push(express.json({ limit: definition.bodyLimit ?? DEFAULT_BODY_LIMIT }));
    const handle: RequestHandler = async (req, res) => {
      const params = check(definition.params, req.params, 'params');
      const query = check(definition.query, req.query, 'query');
      // A route without a body schema ignores whatever was sent; with one, a missing body is an empty object's issue.
      const body = check(definition.body, definition.body ? (req.body ?? {}) : undefined, 'body');
      const issues = [params, query, body].flatMap((result) => (result.ok ? [] : result.issues));
      if (!params.ok || !query.ok || !body.ok) {
        send(res, { status: 400, error: 'invalid_request', issues });
        return;
      }
      const { user } = staffLocals(res);
      let reply: ApiReply<R>;
      try {
        reply = await handler({ params: params.value, query: query.value, body: body.value, user, req, res });
      } catch (error) {
        if (error instanceof WorkbenchConflict) {
          // The services report a missing run or version as a conflict of code `not_found`: it is a 404.
          const status = error.code === 'not_found' ? 404 : 409;
          send(res, { status, error: error.code, message: error.message });
          return;
        }
        this.logError({ err: error, route: `${definition.method} ${definition.path}` }, 'api handler failed');
        send(res, { status: 500, error: 'internal' });
        return;
      }
      this.reply(res, definition, reply);
    };
    handlers.push(handle, bodyErrors);
    this.router[definition.method](definition.path, ...handlers);
  }

  private reply(res: Response, route: ApiRoute, reply: ApiReply<ResponseSchemas>): void {
    if ('error' in reply) {
      send(res, reply);
      return;
    }
    const schema = route.responses[reply.status];
    if (schema === undefined) {
      this.bug(res, route, `status ${reply.status} is not declared`);
      return;
    }
    if (schema === null) {
      res.status(reply.status).end();
      return;
    }
    const parsed = schema.safeParse('body' in reply ? reply.body : undefined);
    if (!parsed.success) {
      this.bug(res, route, z.prettifyError(parsed.error));
      return;
    }
    res.status(reply.status).json(parsed.data);
  }

  private bug(res: Response, route: ApiRoute, reason: string): void {
    this.logError({ route: `${route.method} ${route.path}`, reason }, 'api response violates its schema');
    send(res, { status: 500, error: 'invalid_response' });
  }

  /** To the logger, or to stderr where there is none (tests), so that a bug is never silent. */
  private logError(details: Record<string, unknown>, message: string): void {
    if (this.options.logger) this.options.logger.error(details, message);
    else console.error(message, details);
  }
}

type Checked<T> = { ok: true; value: T } | { ok: false; issues: ApiIssue[] };

function check<S extends z.ZodType>(
  schema: S | undefined,
  value: unknown,
  where: 'params' | 'query' | 'body',
): Checked<z.output<S>> {
  // Without a schema there is nothing to read. The route's type parameter is then inferred as its default
  // (`NoSchema`, output undefined) or its bare constraint (output unknown): both admit undefined, but the compiler
  // cannot follow the link between an omitted schema and its type parameter.
  if (schema === undefined) return { ok: true, value: undefined as z.output<S> };
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: issuesOf(parsed.error, where === 'body' ? [] : [where]) };
}

function send(res: Response, { status, ...body }: ApiError & { status: number }): void {
  res.status(status).json(body);
}

const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

/** Malformed JSON and bodies over the limit are answered in JSON like every other refusal. */
const bodyErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  const status = z.looseObject({ status: z.number().int().min(400).max(499) }).safeParse(error);
  if (!status.success) {
    next(error);
    return;
  }
  send(res, { status: status.data.status, error: status.data.status === 413 ? 'too_large' : 'invalid_request' });
};

/**
 * A route's tenant: a fixed one, or the one a request names (the workbench's `?tenant=`), where `undefined` lets every
 * user with the role through; `describe` says which for the OpenAPI document.
 */
export type TenantRule = string | { of: (req: Request) => string | undefined; describe: string };

/** Lets through only a user who works for the tenant (admins work for every one). */
function requireTenant(rule: TenantRule): RequestHandler {
  return (req, res, next) => {
    const tenantId = typeof rule === 'string' ? rule : rule.of(req);
    if (tenantId === undefined || worksFor(staffLocals(res).user, tenantId)) {
      next();
      return;
    }
    send(res, {
      status: 403,
      error: 'not_their_tenant',
      message: `only staff who work for ${tenantId} may do this`,
    });
  };
}
