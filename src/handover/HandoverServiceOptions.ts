import type { EventEmitter } from 'node:events';
import type { Cluster } from '../cluster/Cluster.js';
import type { Logger } from '../logger.js';
import type { AuditRepository, HandoverRepository, TranscriptRepository } from '../storage/repositories.js';
import type { HandoffSink } from './HandoffSink.js';
import type { ServiceHours } from './ServiceHours.js';
import type { CitizenRelay } from './signals.js';
import type { Handover, HandoverNote } from './types.js';

export interface HandoverServiceOptions {
  handovers: HandoverRepository;
  audit: AuditRepository;
  transcripts: TranscriptRepository;
  relay: CitizenRelay;
  /** The service centre's hours for a tenant's citizens; undefined: always open. */
  hours: (tenantId: string) => ServiceHours | undefined;
  /** Concurrent chats one agent may have. */
  maxChatsPerAgent: number;
  /** A contact-centre system that may take chats too; while one is configured, chats queue without agents online. */
  sink?: HandoffSink;
  logger: Logger;
  /** Wait assumed before any handover was accepted. */
  defaultWaitSeconds?: number;
  /** How long an agent may be disconnected (a reload, a network change) before their chats go back to the queue. */
  reconnectGraceMs?: number;
  /** The other instances when several run behind a load balancer; without (or not shared), this one is alone. */
  cluster?: Cluster;
  /** How often this instance announces its agents to the others; default 10 s. */
  presenceHeartbeatMs?: number;
  /** How long another instance's agents count without its announcement (it died); default 30 s. */
  presenceTtlMs?: number;
  now?: () => Date;
}

export interface HandoverServiceEvents {
  /** The queue, presence or a handover changed: consoles refresh their overview. */
  changed: [];
  /** A message in a conversation with an active handover, from the citizen, the bot or an agent. */
  activity: [Handover, Record<string, unknown>];
  /** The citizen is typing. */
  typing: [Handover];
  note: [HandoverNote];
  /** A handover's status or agent changed. */
  handover: [Handover];
}

/** Where the parts of the service emit its events (the service itself). */
export type HandoverEvents = Pick<EventEmitter<HandoverServiceEvents>, 'emit'>;
