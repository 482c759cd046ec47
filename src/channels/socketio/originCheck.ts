import type { IncomingMessage } from 'node:http';
import type { ServerOptions } from 'socket.io';

/**
 * Refuses the handshake of a page of another site unless its origin is allowed: otherwise any page could open
 * conversations, and the staff's `/agent` namespace, in its visitor's browser. The server's own origin is recognised
 * by the request's Host header (a reverse proxy must pass it on). No Origin header: not a browser (tests,
 * monitoring), allowed. Only the handshake is checked; the requests after it belong to the session it opened.
 */
export function originCheck(allowedOrigins: readonly string[]): NonNullable<Partial<ServerOptions>['allowRequest']> {
  const anyOrigin = allowedOrigins.includes('*');
  const allowed = new Set(originsOf(allowedOrigins));
  return (request, callback) => {
    const origin = request.headers.origin;
    const ok = origin === undefined || anyOrigin || isOwnOrigin(origin, request) || allowed.has(originOf(origin) ?? '');
    callback(ok ? null : 'origin not allowed', ok);
  };
}

/** Lets browsers on allowed origins read the polling responses; no credentials: the widget uses no cookies. */
export function corsOf(allowedOrigins: readonly string[]): Partial<ServerOptions>['cors'] {
  if (allowedOrigins.includes('*')) return { origin: true, credentials: false };
  const origins = originsOf(allowedOrigins);
  return origins.length > 0 ? { origin: origins, credentials: false } : undefined;
}

function isOwnOrigin(origin: string, request: IncomingMessage): boolean {
  const host = request.headers.host?.toLowerCase();
  return host !== undefined && URL.canParse(origin) && new URL(origin).host === host;
}

function originsOf(values: readonly string[]): string[] {
  return values.flatMap((value) => originOf(value) ?? []);
}

/** `scheme://host[:port]` in the form browsers send it, or undefined for what is no URL (e.g. `null`). */
function originOf(value: string): string | undefined {
  return URL.canParse(value) ? new URL(value).origin : undefined;
}
