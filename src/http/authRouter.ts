import { timingSafeEqual } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import { z } from 'zod';
import type { AuthService } from '../auth/AuthService.js';
import { type StaffRole, type User, UserName } from '../auth/types.js';

export const SESSION_COOKIE = 'govbot_session';
export const CSRF_HEADER = 'X-CSRF-Token';

const ALL_ROLES: readonly StaffRole[] = ['agent', 'editor', 'publisher', 'admin'];
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const LoginBody = z.object({ name: UserName, password: z.string().min(1).max(1024) });

/** What `requireStaff` leaves on `res.locals` for the handlers after it. */
export interface StaffLocals {
  user: User;
  csrfToken: string;
}

/**
 * Staff login for the pages GovBot serves: `POST /api/auth/login` (JSON `{ name, password }`) sets the HttpOnly
 * session cookie and returns the CSRF token, which pages send back as `X-CSRF-Token` on every unsafe request;
 * `GET /api/auth/me` returns both again for a page that was reloaded; `POST /api/auth/logout` ends the session.
 */
export function createAuthRouter(auth: AuthService, options: { secureCookies: boolean }): Router {
  const router = Router();
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
    res.cookie(SESSION_COOKIE, result.sessionToken, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      secure: options.secureCookies,
    });
    res.json({ user: publicUser(result.user), csrfToken: result.csrfToken });
  });
  router.get('/api/auth/me', requireStaff(auth, ALL_ROLES), (_req, res) => {
    const { user, csrfToken } = staffLocals(res);
    res.json({ user: publicUser(user), csrfToken });
  });
  router.post('/api/auth/logout', requireStaff(auth, ALL_ROLES), async (req, res) => {
    const token = sessionToken(req);
    if (token !== undefined) await auth.logout(token);
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/', secure: options.secureCookies });
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
    staff.set(res, { user: session.user, csrfToken: session.csrfToken });
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
