import type { RequestHandler } from 'express';

/**
 * Scripts, styles and connections only from here; images also from https (catalogue pictures) and data URLs. No page
 * of another site may frame GovBot's pages (clickjacking on the staff console); the widget is embedded as a script,
 * never as a frame, so this costs no city anything.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src 'self' ws: wss:",
  "img-src 'self' https: data:",
  "style-src 'self'",
  "script-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'self'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Browser features none of GovBot's pages uses; a script injected despite the CSP gets none of them either. */
const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()';

/** A year, the value HSTS preload lists ask for. */
const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/**
 * The security headers of every HTTP response: the pages, the widget's script, the staff console and editor, the
 * APIs. `X-Frame-Options` says what `frame-ancestors` says, for browsers that know only the older header.
 * `Strict-Transport-Security` only when citizens reach GovBot over https (GOVBOT_PUBLIC_URL): sent over plain http it
 * would be ignored at best, and a test or intranet set-up on http must stay reachable. The opener policy cuts pages
 * GovBot opens (links in answers) off from the console's window.
 */
export function securityHeaders(options: { https: boolean }): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    if (options.https) res.setHeader('Strict-Transport-Security', `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`);
    next();
  };
}
