import { z } from 'zod';
import type { Logger } from '../logger.js';
import { HandoverStatus } from './types.js';

/**
 * What the handover side of one GovBot instance tells the others over the cluster bus. The database stays the truth:
 * a message says "look" (which handover changed, who is online here), never carries what must not be lost.
 */
export const HANDOVER_TOPICS = {
  /** A handover was created or changed here; the others refresh their cache from the database. */
  changed: 'handover.changed',
  /** The queue positions this instance told citizens, so no other instance tells them again. */
  positions: 'handover.positions',
  /** This instance's agents (consoles connected here), on every change and as a heartbeat. */
  presence: 'handover.presence',
  /** A starting instance asks the others for their agents at once instead of waiting for a heartbeat. */
  presenceRequest: 'handover.presence.request',
  /** The tickets changed; the other instances push fresh overviews to their consoles. */
  tickets: 'handover.tickets',
} as const;

export const HandoverChanged = z.object({ id: z.string(), conversationId: z.string(), status: HandoverStatus });
export type HandoverChanged = z.infer<typeof HandoverChanged>;

export const PositionsTold = z.object({
  positions: z.array(z.object({ handoverId: z.string(), position: z.number().int().positive() })),
});

/** An agent as another instance sees them; `connected` is false during the grace period after their console left. */
export const PeerAgent = z.object({
  id: z.string(),
  name: z.string(),
  /** Absent from an instance of an older version, whose agents worked for every tenant. */
  tenants: z.union([z.literal('all'), z.array(z.string())]).default('all'),
  status: z.enum(['online', 'away']),
  connected: z.boolean(),
});
export type PeerAgent = z.infer<typeof PeerAgent>;

export const PresenceSnapshot = z.object({ agents: z.array(PeerAgent) });

/** The message if it fits the schema; a malformed one (another version, a bug) is logged and dropped. */
export function parseClusterMessage<T>(
  schema: z.ZodType<T>,
  message: unknown,
  context: { topic: string; from: string; logger: Logger },
): T | undefined {
  const parsed = schema.safeParse(message);
  if (parsed.success) return parsed.data;
  const { topic, from, logger } = context;
  logger.warn({ topic, from, issues: parsed.error.issues.length }, 'handover: dropped a malformed cluster message');
  return undefined;
}
