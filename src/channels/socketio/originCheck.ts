import type { IncomingMessage } from 'node:http';
import type { ServerOptions } from 'socket.io';

/**
 * Refuses the handshake of a page of another site unless its origin is allowed: otherwise any page could open
 * conversations, and the staff's `/agent` namespace, in its visitor's browser. The server's own origin is recognised
 * by the request's Host header (a reverse proxy must pass it on). No Origin header: not a browser (tests,
 * monitoring), allowed. Only the handshake is checked; the requests after it belong to the session it opened.
 *
 * `allowedOrigins` is asked on every handshake: tenants, and with them their origins, come and go while the server
 * runs. At this point the handshake's payload (which tenant) is not known yet, so this admits the origins of every
 * tenant; the widget channel then checks the origin against its connection's tenant (`originAllowed`).
 */
export function originCheck(
  allowedOrigins: () => readonly string[],
): NonNullable<Partial<ServerOptions>['allowRequest']> {
  return (request, callback) => {
    const ok = originAllowed(request, allowedOrigins());
    callback(ok ? null : 'origin not allowed', ok);
  };
}

/** Whether the page that sent `request` may connect: no Origin header, the server's own origin, or an allowed one. */
export function originAllowed(request: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  return origin === undefined || isOwnOrigin(origin, request) || isListed(origin, allowedOrigins);
}

/**
 * Lets browsers on allowed origins read the polling responses (asked per request, as `originCheck`); no credentials:
 * the widget uses no cookies. An origin not allowed gets no CORS headers at all.
 */
export function corsOf(allowedOrigins: () => readonly string[]): Partial<ServerOptions>['cors'] {
  return {
    origin: (origin: string | undefined, callback: (error: Error | null, allow?: boolean) => void) => {
      callback(null, origin !== undefined && isListed(origin, allowedOrigins()));
    },
    credentials: false,
  };
}

/** Whether `origin` is one of `allowedOrigins` (compared as browsers write origins), or they hold `*`. */
function isListed(origin: string, allowedOrigins: readonly string[]): boolean {
  if (allowedOrigins.includes('*')) return true;
  const normalised = originOf(origin);
  return normalised !== undefined && allowedOrigins.some((allowed) => originOf(allowed) === normalised);
}

function isOwnOrigin(origin: string, request: IncomingMessage): boolean {
  const host = request.headers.host?.toLowerCase();
  return host !== undefined && URL.canParse(origin) && new URL(origin).host === host;
}

/** `scheme://host[:port]` in the form browsers send it, or undefined for what is no URL (e.g. `null`). */
function originOf(value: string): string | undefined {
  return URL.canParse(value) ? new URL(value).origin : undefined;
}
