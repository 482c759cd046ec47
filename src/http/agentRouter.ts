import express, { type ErrorRequestHandler, type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { AuthService } from '../auth/AuthService.js';
import { tenantsOf, worksFor } from '../auth/tenantScope.js';
import type { User } from '../auth/types.js';
import { CannedResponseInput, type Ticket, TicketStatus } from '../handover/types.js';
import type {
  AuditRepository,
  CannedResponseRepository,
  HandoverRepository,
  TicketRepository,
} from '../storage/repositories.js';
import { TenantId } from '../tenants/types.js';
import { requireStaff, staffLocals } from './authRouter.js';

export interface AgentRouterOptions {
  auth: AuthService;
  tickets: TicketRepository;
  cannedResponses: CannedResponseRepository;
  audit: AuditRepository;
  handovers: HandoverRepository;
  /** A ticket was changed, e.g. to refresh the other consoles. */
  onTicketChanged?: (ticket: Ticket) => void;
  now?: () => Date;
}

const DEFAULT_STATS_DAYS = 30;
const Id = z.string().min(1).max(100);

const TicketQuery = z.object({ status: TicketStatus.optional() });
const TicketPatch = z
  .strictObject({
    status: TicketStatus.optional(),
    assignToMe: z.boolean().optional(),
    unassign: z.boolean().optional(),
  })
  .refine((patch) => !(patch.assignToMe && patch.unassign), { message: 'assignToMe and unassign exclude each other' })
  .refine((patch) => patch.status !== undefined || patch.assignToMe || patch.unassign, {
    message: 'nothing to change',
  });
const AuditQuery = z.object({
  conversationId: Id.optional(),
  action: z.string().min(1).max(100).optional(),
  /** The entries about one tenant (a municipality's conversations, its settings). */
  tenant: TenantId.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  before: z.coerce.number().int().min(1).optional(),
});
const Instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).transform((value) => new Date(value));
const StatsQuery = z.object({ from: Instant.optional(), to: Instant.optional() });

/**
 * REST for the agent console and its admins under `/api/agent`: contact requests (tickets), canned responses, the
 * audit log and the handover figures. Agents and admins may read and work tickets; only admins keep the canned
 * responses and read the audit log. An agent sees and works only the tickets of the tenants they work for
 * (docs/tenants.md). Every change is written to the audit log with who made it. Tickets are assigned
 * by login name, and canned responses record the name of who changed them last, since that is what people read.
 */
export function createAgentRouter(options: AgentRouterOptions): Router {
  const { tickets, cannedResponses, audit, handovers } = options;
  const staff = requireStaff(options.auth, ['agent', 'admin']);
  const admin = requireStaff(options.auth, ['admin']);
  const now = () => options.now?.() ?? new Date();
  const record = (
    user: User,
    action: string,
    about: { conversationId?: string; tenantId: string } | undefined,
    details: Record<string, unknown>,
  ) =>
    audit.appendAudit({
      at: now().toISOString(),
      actorId: user.id,
      actorName: user.name,
      action,
      conversationId: about?.conversationId,
      tenantId: about?.tenantId,
      details,
    });

  // Bodies are read only for staff who passed the check.
  const json = express.json({ limit: '16kb' });
  const router = Router();
  router.use('/api/agent', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  router.get('/api/agent/tickets', staff, async (req, res) => {
    const query = parse(TicketQuery, req.query, res);
    if (query)
      res.json({ tickets: await tickets.listTickets({ ...query, tenants: tenantsOf(staffLocals(res).user) }) });
  });

  router.patch('/api/agent/tickets/:id', staff, json, async (req, res) => {
    const patch = parse(TicketPatch, req.body, res);
    if (!patch) return;
    const { user } = staffLocals(res);
    const before = await tickets.findTicket(idParam(req));
    // Another tenant's contact request is answered as one that does not exist.
    if (!before || !worksFor(user, before.tenantId)) return notFound(res);
    const assignedTo = patch.assignToMe ? user.name : patch.unassign ? null : undefined;
    const ticket = await tickets.updateTicket(before.id, { status: patch.status, assignedTo });
    if (!ticket) return notFound(res);
    await record(user, 'ticket.updated', ticket, {
      ticketId: ticket.id,
      number: ticket.number,
      ...(patch.status === undefined ? {} : { status: { from: before.status, to: ticket.status } }),
      ...(assignedTo === undefined ? {} : { assignedTo: { from: before.assignedTo ?? null, to: assignedTo } }),
    });
    options.onTicketChanged?.(ticket);
    res.json({ ticket });
  });

  router.get('/api/agent/canned', staff, async (_req, res) => {
    res.json({ responses: await cannedResponses.listCannedResponses() });
  });

  router.post('/api/agent/canned', admin, json, async (req, res) => {
    const input = parse(CannedResponseInput, req.body, res);
    if (!input) return;
    const { user } = staffLocals(res);
    const response = await cannedResponses.createCannedResponse(input, user.name);
    await record(user, 'canned.created', undefined, { id: response.id, title: response.title, lang: response.lang });
    res.status(201).json({ response });
  });

  router.put('/api/agent/canned/:id', admin, json, async (req, res) => {
    const input = parse(CannedResponseInput, req.body, res);
    if (!input) return;
    const { user } = staffLocals(res);
    const response = await cannedResponses.updateCannedResponse(idParam(req), input, user.name);
    if (!response) return notFound(res);
    await record(user, 'canned.updated', undefined, { id: response.id, title: response.title, lang: response.lang });
    res.json({ response });
  });

  router.delete('/api/agent/canned/:id', admin, async (req, res) => {
    const { user } = staffLocals(res);
    const id = idParam(req);
    if (!(await cannedResponses.deleteCannedResponse(id))) return notFound(res);
    await record(user, 'canned.deleted', undefined, { id });
    res.status(204).end();
  });

  router.get('/api/agent/audit', admin, async (req, res) => {
    const query = parse(AuditQuery, req.query, res);
    if (!query) return;
    const { conversationId, action, limit, before, tenant } = query;
    const tenants = tenant === undefined ? undefined : [tenant];
    res.json({ entries: await audit.listAudit({ conversationId, action, limit, beforeId: before, tenants }) });
  });

  router.get('/api/agent/stats', staff, async (req, res) => {
    const query = parse(StatsQuery, req.query, res);
    if (!query) return;
    const to = query.to ?? now();
    const from = query.from ?? new Date(to.getTime() - DEFAULT_STATS_DAYS * 24 * 60 * 60_000);
    if (from >= to) {
      res.status(400).json({ error: 'invalid_request', issues: [{ path: ['from'], message: 'must be before to' }] });
      return;
    }
    const stats = await handovers.handoverStats(from, to, tenantsOf(staffLocals(res).user));
    res.json({
      from: from.toISOString(),
      to: to.toISOString(),
      ...stats,
      handoverRate: stats.conversations > 0 ? stats.handovers / stats.conversations : null,
    });
  });

  router.use('/api/agent', bodyErrors);
  return router;
}

/** The parsed value, or undefined after answering 400 with zod's issues. */
function parse<T>(schema: z.ZodType<T>, value: unknown, res: Response): T | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  res.status(400).json({ error: 'invalid_request', issues: parsed.error.issues });
  return undefined;
}

/** `:id` of the route (express types it loosely once other handlers come before). */
function idParam(req: Request): string {
  const { id } = req.params;
  return typeof id === 'string' ? id : '';
}

function notFound(res: Response): void {
  res.status(404).json({ error: 'not_found' });
}

/** Malformed JSON and bodies over the limit are answered in JSON like every other refusal. */
const bodyErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  const status = z.looseObject({ status: z.number().int().min(400).max(499) }).safeParse(error);
  if (!status.success) {
    next(error);
    return;
  }
  res.status(status.data.status).json({ error: status.data.status === 413 ? 'too_large' : 'invalid_request' });
};
