import { timingSafeEqual } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import { z } from 'zod';
import type { AuthService, SessionTimes } from '../auth/AuthService.js';
import { type StaffRole, type User, UserName } from '../auth/types.js';
import type { AuditRepository } from '../storage/repositories.js';

export const SESSION_COOKIE = 'govbot_session';
export const CSRF_HEADER = 'X-CSRF-Token';

const ALL_ROLES: readonly StaffRole[] = ['agent', 'editor', 'publisher', 'admin'];
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const LoginBody = z.object({ name: UserName, password: z.string().min(1).max(1024) });

/** What `requireStaff` leaves on `res.locals` for the handlers after it. */
export interface StaffLocals extends SessionTimes {
  user: User;
  csrfToken: string;
}

/**
 * Staff login for the pages GovBot serves: `POST /api/auth/login` (JSON `{ name, password }`) sets the HttpOnly
 * session cookie and returns the CSRF token, which pages send back as `X-CSRF-Token` on every unsafe request;
 * `GET /api/auth/me` returns both again for a page that was reloaded; `POST /api/auth/renew` gives the session its
 * full length again from now, up to its maximum (the pages offer it before the session ends, WCAG 2.2.1), and is
 * audited as `session.renewed`; `POST /api/auth/logout` ends the session. Session answers carry `expiresAt` and
 * `maxExpiresAt`.
 */
export function createAuthRouter(
  auth: AuthService,
  options: { secureCookies: boolean; audit?: Pick<AuditRepository, 'appendAudit'> },
): Router {
  const router = Router();
  const cookie = { httpOnly: true, sameSite: 'strict', path: '/', secure: options.secureCookies } as const;
  router.use('/api/auth', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.post('/api/auth/login', express.json({ limit: '4kb' }), async (req, res) => {
    const body = LoginBody.safeParse(req.body);
    if (!body.success) {
      res.status(400).json({ error: 'invalid_request' });
      return;
    }
    const result = await auth.login(body.data.name, body.data.password);
    if (!result.ok) {
      if (result.reason === 'locked') res.status(423).json({ error: 'locked' });
      else res.status(401).json({ error: 'invalid_credentials' });
      return;
    }
    res.cookie(SESSION_COOKIE, result.sessionToken, cookie);
    res.json(sessionAnswer(result.user, result.csrfToken, result));
  });
  router.get('/api/auth/me', requireStaff(auth, ALL_ROLES), (_req, res) => {
    const session = staffLocals(res);
    res.json(sessionAnswer(session.user, session.csrfToken, session));
  });
  router.post('/api/auth/renew', requireStaff(auth, ALL_ROLES), async (req, res) => {
    const token = sessionToken(req);
    const renewed = token === undefined ? undefined : await auth.renew(token);
    if (renewed === undefined) {
      res.status(401).json({ error: 'unauthenticated' });
      return;
    }
    // Set before the audit entry is written: should that fail, the browser still holds the session's new token.
    res.cookie(SESSION_COOKIE, renewed.sessionToken, cookie);
    await options.audit?.appendAudit({
      at: new Date().toISOString(),
      actorId: renewed.user.id,
      actorName: renewed.user.name,
      action: 'session.renewed',
      conversationId: undefined,
      details: {
        previousExpiresAt: renewed.previousExpiresAt,
        expiresAt: renewed.expiresAt,
        extended: renewed.extended,
      },
    });
    res.json(sessionAnswer(renewed.user, renewed.csrfToken, renewed));
  });
  router.post('/api/auth/logout', requireStaff(auth, ALL_ROLES), async (req, res) => {
    const token = sessionToken(req);
    if (token !== undefined) await auth.logout(token);
    res.clearCookie(SESSION_COOKIE, cookie);
    res.status(204).end();
  });
  return router;
}

/**
 * Lets through only requests with a valid session of one of `roles` (401 without a session, 403 for another role);
 * unsafe methods must also carry the session's CSRF token in `X-CSRF-Token` (403 `{ error: 'csrf' }`). Puts the
 * user and CSRF token on `res.locals` (see `staffLocals`).
 */
export function requireStaff(auth: AuthService, roles: readonly StaffRole[]): RequestHandler {
  return async (req, res, next) => {
    const token = sessionToken(req);
    const session = token === undefined ? undefined : await auth.authenticate(token);
    if (session === undefined) {
      res.status(401).json({ error: 'unauthenticated' });
      return;
    }
    if (!roles.includes(session.user.role)) {
      res.status(403).json({ error: 'forbidden' });
      return;
    }
    if (UNSAFE_METHODS.has(req.method) && !sameToken(req.get(CSRF_HEADER), session.csrfToken)) {
      res.status(403).json({ error: 'csrf' });
      return;
    }
    res.locals.user = session.user;
    res.locals.csrfToken = session.csrfToken;
    staff.set(res, session);
    next();
  };
}

/** The user and CSRF token `requireStaff` found; throws when it did not run before. */
export function staffLocals(res: Response): StaffLocals {
  const found = staff.get(res);
  if (found === undefined) throw new Error('authRouter: requireStaff did not run before this handler');
  return found;
}

/** The same as `res.locals.user` and `res.locals.csrfToken`, typed (`res.locals` is `any` to the compiler). */
const staff = new WeakMap<Response, StaffLocals>();

/** The value of the session cookie, read from the Cookie header (the first one when the name repeats). */
export function sessionToken(req: Request): string | undefined {
  return sessionTokenFromCookies(req.get('Cookie'));
}

/** The session cookie's value in a `Cookie` header, e.g. of a Socket.IO handshake. */
export function sessionTokenFromCookies(header: string | undefined): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0 || pair.slice(0, separator).trim() !== SESSION_COOKIE) continue;
    const value = pair.slice(separator + 1).trim();
    try {
      return decodeURIComponent(value) || undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Compares a presented CSRF token with the session's in constant time. */
export function sameToken(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function publicUser(user: User): { name: string; role: StaffRole } {
  return { name: user.name, role: user.role };
}

/** What the pages get about their session: who, the CSRF token, and when it ends (`maxExpiresAt`: renewed or not). */
function sessionAnswer(user: User, csrfToken: string, times: SessionTimes) {
  return { user: publicUser(user), csrfToken, expiresAt: times.expiresAt, maxExpiresAt: times.maxExpiresAt };
}
