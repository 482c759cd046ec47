import type { TicketStatus } from '../../src/handover/types.js';
import { isRecord, list, oneOf, text } from '../../web-widget/src/values.js';

/** The staff member as `/api/auth/*` returns them. */
export interface StaffUser {
  name: string;
  role: string;
}

export interface Session {
  user: StaffUser;
  csrfToken: string;
  /** When the session ends unless renewed (ISO); absent from an older server. */
  expiresAt?: string;
  /** The latest end renewals can reach (ISO). */
  maxExpiresAt?: string;
}

export interface CannedResponse {
  id: string;
  title: string;
  text: string;
  lang: string;
}

/** The fields of a ticket (`src/handover/types.ts`) the console shows. */
export interface TicketSummary {
  id: string;
  number: string;
  name: string;
  email: string | undefined;
  phone: string | undefined;
  question: string;
  lang: string;
  topic: string | undefined;
  status: TicketStatus;
  /** Login name of the staff member who took it on. */
  assignedTo: string | undefined;
  createdAt: string;
}

export const TICKET_STATUSES: readonly TicketStatus[] = ['open', 'in_progress', 'done'];

/** An answer of the API, or why there is none (`error` is the server's code, `message` its explanation if any). */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; status: number; error: string; message?: string };

/**
 * The console's REST calls: login and session (`/api/auth`), canned responses and tickets (`/api/agent`). Answers
 * are read field by field; whatever does not fit counts as an error, never as data.
 */
export const api = {
  async login(name: string, password: string): Promise<ApiResult<Session>> {
    return request('POST', '/api/auth/login', undefined, { name, password }, readSession);
  },
  async me(): Promise<ApiResult<Session>> {
    return request('GET', '/api/auth/me', undefined, undefined, readSession);
  },
  /** Gives the session its full length again from now (up to its maximum); the cookie is replaced by the answer. */
  async renew(csrfToken: string): Promise<ApiResult<Session>> {
    return request('POST', '/api/auth/renew', csrfToken, undefined, readSession);
  },
  async logout(csrfToken: string): Promise<ApiResult<null>> {
    return request('POST', '/api/auth/logout', csrfToken, undefined, () => null);
  },
  async cannedResponses(): Promise<ApiResult<CannedResponse[]>> {
    return request('GET', '/api/agent/canned', undefined, undefined, (json) =>
      isRecord(json) ? list(json.responses).flatMap(readCanned) : undefined,
    );
  },
  async tickets(status: TicketStatus): Promise<ApiResult<TicketSummary[]>> {
    const path = `/api/agent/tickets?status=${encodeURIComponent(status)}`;
    return request('GET', path, undefined, undefined, (json) =>
      isRecord(json) ? list(json.tickets).flatMap(readTicket) : undefined,
    );
  },
  async updateTicket(
    csrfToken: string,
    id: string,
    patch: { status: TicketStatus } | { assignToMe: true },
  ): Promise<ApiResult<null>> {
    return request('PATCH', `/api/agent/tickets/${encodeURIComponent(id)}`, csrfToken, patch, () => null);
  },
};

/**
 * A JSON call of the staff pages' REST API with the session cookie (and `csrfToken` in `X-CSRF-Token` when given).
 * `read` turns the answer into the value, or undefined when it does not fit (`invalid_response`); a failed call
 * gives the server's error code and message, `http_<status>` without one, or `network`.
 */
export async function request<T>(
  method: string,
  path: string,
  csrfToken: string | undefined,
  body: unknown,
  read: (json: unknown) => T | undefined,
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (csrfToken !== undefined) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, error: 'network' };
  }
  const json: unknown = response.status === 204 ? null : await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = isRecord(json) ? text(json.error) : undefined;
    const message = isRecord(json) ? text(json.message) : undefined;
    return { ok: false, status: response.status, error: error ?? `http_${response.status}`, message };
  }
  const value = read(json);
  return value === undefined ? { ok: false, status: response.status, error: 'invalid_response' } : { ok: true, value };
}

function readSession(json: unknown): Session | undefined {
  if (!isRecord(json) || !isRecord(json.user)) return undefined;
  const name = text(json.user.name);
  const role = text(json.user.role);
  const csrfToken = text(json.csrfToken);
  if (!name || !role || !csrfToken) return undefined;
  return { user: { name, role }, csrfToken, expiresAt: text(json.expiresAt), maxExpiresAt: text(json.maxExpiresAt) };
}

function readCanned(json: unknown): CannedResponse[] {
  if (!isRecord(json)) return [];
  const id = text(json.id);
  const title = text(json.title);
  const body = text(json.text);
  return id && title && body ? [{ id, title, text: body, lang: text(json.lang) ?? 'de' }] : [];
}

function readTicket(json: unknown): TicketSummary[] {
  if (!isRecord(json)) return [];
  const id = text(json.id);
  const status = oneOf(json.status, TICKET_STATUSES);
  if (!id || !status) return [];
  return [
    {
      id,
      number: text(json.number) ?? id,
      name: text(json.name) ?? '',
      email: text(json.email),
      phone: text(json.phone),
      question: text(json.question) ?? '',
      lang: text(json.lang) ?? 'de',
      topic: isRecord(json.topic) ? text(json.topic.title) : undefined,
      status,
      assignedTo: text(json.assignedTo),
      createdAt: text(json.createdAt) ?? '',
    },
  ];
}
