import type { Server } from 'node:http';
import type { Express } from 'express';
import type { AuthService } from '../../src/auth/AuthService.js';
import { hashPassword } from '../../src/auth/passwords.js';
import type { StaffRole } from '../../src/auth/types.js';
import type { Storage } from '../../src/storage/repositories.js';

/** A logged-in staff member, as a test sends their requests. */
export interface StaffSession {
  cookie: string;
  csrfToken: string;
  userId: string;
}

export interface Reply {
  status: number;
  json: unknown;
  headers: Headers;
}

export interface CallOptions {
  /** `false`: without the CSRF token. */
  csrf?: boolean;
  /** Sent as the body instead of `body` as JSON. */
  rawBody?: string;
}

const PASSWORD = 'ein recht langes Passwort';

/**
 * Creates a staff user for each name with its role, in the order given, and logs each in; returns their sessions
 * by name (throwing for a name without one).
 */
export async function loginStaff<Who extends string>(
  storage: Storage,
  auth: AuthService,
  staff: Record<Who, StaffRole>,
): Promise<(who: Who) => StaffSession> {
  const sessions = new Map<Who, StaffSession>();
  const passwordHash = await hashPassword(PASSWORD);
  for (const [name, role] of Object.entries(staff) as [Who, StaffRole][]) {
    await storage.users.createUser({ name, role, passwordHash });
    const login = await auth.login(name, PASSWORD);
    if (!login.ok) throw new Error(`login of ${name} failed`);
    sessions.set(name, {
      cookie: `govbot_session=${login.sessionToken}`,
      csrfToken: login.csrfToken,
      userId: login.user.id,
    });
  }
  return (who) => {
    const found = sessions.get(who);
    if (found === undefined) throw new Error(`no session of ${who}`);
    return found;
  };
}

/**
 * A request as the staff pages send it: the session's cookie and, unless `csrf: false`, its CSRF token (neither
 * without a session); the body as JSON. The answer's JSON is undefined when it has no body.
 */
export async function staffRequest(
  url: string,
  session: StaffSession | undefined,
  method: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (session !== undefined) {
    headers.Cookie = session.cookie;
    if (options.csrf !== false) headers['X-CSRF-Token'] = session.csrfToken;
  }
  const payload = options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
  if (payload !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, { method, headers, body: payload });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined, headers: response.headers };
}

/** Serves `app` on a free port of 127.0.0.1. */
export async function listen(app: Express): Promise<{ server: Server; base: string }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  return { server, base: `http://127.0.0.1:${address.port}` };
}

/** Stops a server `listen` started. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
