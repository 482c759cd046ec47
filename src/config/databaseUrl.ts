/**
 * DATABASE_URL: where GovBot keeps its data when it is not the SQLite file in the data directory. Only PostgreSQL is
 * supported; the URL usually holds a password, so no message ever shows it (see `redactedUrl`).
 */
export function databaseUrlOf(value: string | undefined): { url?: string; problem?: string } {
  if (value === undefined) return {};
  if (!URL.canParse(value)) {
    // Unparsable, so the password cannot be cut out: the value is not shown at all.
    return { problem: 'not a URL: expected postgres://user:password@host:5432/database (value not shown)' };
  }
  const url = new URL(value);
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    // Only the scheme: in `user:secret@host/db` (no scheme) the secret is what a URL parser takes for the path.
    return { problem: `expected a postgres:// or postgresql:// URL (got a ${url.protocol} URL)` };
  }
  // A Unix socket is named by `?host=/run/postgresql` (postgresql:///govbot?host=…); a TCP address by the host part.
  if (url.hostname === '' && !url.searchParams.has('host')) {
    return {
      problem: `no host: expected postgres://user:password@host:5432/database (got ${JSON.stringify(redactedUrl(value))})`,
    };
  }
  if (url.pathname.replace(/^\//, '') === '') {
    return { problem: `no database name after the host (got ${JSON.stringify(redactedUrl(value))})` };
  }
  return { url: value };
}

/** The URL with its password replaced by `***`, for messages and logs. */
export function redactedUrl(value: string): string {
  if (!URL.canParse(value)) return '(not a URL)';
  const url = new URL(value);
  if (url.password !== '') url.password = '***';
  for (const key of ['password', 'sslpassword']) {
    if (url.searchParams.has(key)) url.searchParams.set(key, '***');
  }
  return url.toString();
}
