import { resolve } from 'node:path';
import { z } from 'zod';
import { HttpUrl } from '../catalogue/schema.js';
import { parseWeeklyHours } from '../handover/parseWeeklyHours.js';
import { Bundesland, ServiceHoursConfig, type ServiceHoursConfigInput } from '../handover/ServiceHours.js';
import { CATALOGUE_PAGE, PRIVACY_PAGE } from '../tenants/types.js';
import { databaseUrlOf } from './databaseUrl.js';
import { redisUrlOf } from './redisUrl.js';
import { unknownKeys } from './unknownKeys.js';

const optional = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

/** A limit: a whole number, 0 for none. */
const count = z.coerce.number().int().min(0).max(1_000_000);

/** Every setting GovBot reads from the environment, validated at start-up. */
const Environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  GOVBOT_DATA_DIR: z.string().default('./data'),
  /** PostgreSQL instead of the SQLite file in the data directory: `postgres://user:password@host:5432/database`. */
  DATABASE_URL: optional,
  /**
   * Redis for several instances behind a load balancer (`redis://host:6379`): Socket.IO rooms, per-conversation turn
   * locks and messages between instances; needs DATABASE_URL. Unset: one instance.
   */
  REDIS_URL: optional,
  /** Prefix of GovBot's keys and channels in that Redis, so that installations (or tests) can share one. */
  GOVBOT_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - only, at most 64')
    .default('govbot:'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GOVBOT_CITY: z.string().min(1).default('Musterstadt'),
  GOVBOT_PRIVACY_URL: z.string().min(1).default(PRIVACY_PAGE),
  GOVBOT_SEARCH_URL: z.string().min(1).default(CATALOGUE_PAGE),
  GOVBOT_POPULAR_SERVICES: z.string().default('bewohnerparkausweis,personalausweis,wohnsitz-anmelden'),
  /**
   * Origins of other sites whose pages may connect the widget (comma-separated `https://host[:port]`, or `*` for
   * any); empty: the server's own origin only.
   */
  GOVBOT_ALLOWED_ORIGINS: optional,
  /** The address citizens reach GovBot at, for links in messages (receipts); default http://localhost:PORT. */
  GOVBOT_PUBLIC_URL: optional,
  /** Folder of form dialogs; default the Musterstadt dialogs in `dialogs/`. */
  GOVBOT_DIALOGS_DIR: optional,
  /** Where applications go (see dialogs/recipients.yaml); default `recipients.yaml` in the dialogs folder. */
  GOVBOT_RECIPIENTS_FILE: optional,
  /** The eIDAS level of assurance the chat establishes; dialogs needing more are not offered in the chat. */
  GOVBOT_CHAT_TRUST_LEVEL: z.enum(['none', 'low', 'substantial', 'high']).default('low'),
  /** Largest file a citizen may upload, in bytes. */
  GOVBOT_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(5 * 1024 * 1024),
  /**
   * When the service centre takes chats: `mo-fr 08:00-18:00; sa 09:00-12:00`, closed on the public holidays of
   * GOVBOT_STATE; `always` for a centre that is always staffed.
   */
  GOVBOT_SERVICE_HOURS: z.string().optional(),
  /** The Land whose public holidays close the service centre (BW, BY, BE, …). */
  GOVBOT_STATE: Bundesland.default('BY'),
  /** Extra closing days of the service centre, comma-separated YYYY-MM-DD (e.g. 2026-12-24,2026-12-31). */
  GOVBOT_CLOSED_DATES: optional,
  GOVBOT_TIME_ZONE: z.string().default('Europe/Berlin'),
  /** Chats one agent may have at once. */
  GOVBOT_AGENT_MAX_CHATS: z.coerce.number().int().min(1).max(20).default(3),
  /** A contact-centre system that receives handoff events (and may take chats) besides the built-in console. */
  GOVBOT_HANDOFF_WEBHOOK_URL: optional,
  /** Shared secret signing the handoff webhook's requests and the system's answers; required with the URL. */
  GOVBOT_HANDOFF_WEBHOOK_SECRET: optional,
  /** Folds of the release gate's cross-validation (5 as `govbot eval`). */
  GOVBOT_GATE_FOLDS: z.coerce.number().int().min(2).max(10).default(5),
  /**
   * The conversation tests the release gate runs on every trained model: a folder of scripts (default
   * `dialogs/conversations`), or `off` to skip them (the gate then says so on every run).
   */
  GOVBOT_GATE_CONVERSATIONS: optional,
  /**
   * Bearer token Prometheus must send to read `/metrics` (16 characters or more); without it only scrapers on the same
   * machine, not behind a proxy, are served.
   */
  GOVBOT_METRICS_TOKEN: optional,
  /** Days after its last activity that a conversation is deleted with its transcript, drafts, notes and files. */
  GOVBOT_RETENTION_TRANSCRIPT_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Days after submission that an application (and its files) is deleted, once no delivery is pending. */
  GOVBOT_RETENTION_APPLICATION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  /** Days after a contact request was marked done that it is deleted. */
  GOVBOT_RETENTION_TICKET_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** `on` stores keyed hashes of client IP addresses in the audit log of staff actions; off: no IP is stored. */
  GOVBOT_STORE_IP_HASHES: z.enum(['on', 'off', 'true', 'false', '1', '0']).default('off'),
  /** The HMAC key of those hashes (at least 32 characters); required with GOVBOT_STORE_IP_HASHES=on. */
  GOVBOT_IP_HASH_SECRET: optional,
  /** `off` lifts the message and connection limits below (load tests, the release gate's own bot); default `on`. */
  GOVBOT_RATE_LIMITS: z.enum(['on', 'off']).default('on'),
  /** Messages one widget connection may send at once, and per minute after that (0: no limit). */
  GOVBOT_MESSAGE_BURST: count.default(10),
  GOVBOT_MESSAGES_PER_MINUTE: count.default(60),
  /** The same over all connections from one IP address (offices and mobile networks share addresses). */
  GOVBOT_IP_MESSAGE_BURST: count.default(100),
  GOVBOT_IP_MESSAGES_PER_MINUTE: count.default(600),
  /** Open Socket.IO connections per IP address (0: no limit). */
  GOVBOT_MAX_CONNECTIONS_PER_IP: count.default(50),
  /** Reverse proxies in front of GovBot whose X-Forwarded-For is believed for the client's address; 0: none. */
  GOVBOT_TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /**
   * How long `govbot serve` waits for a graceful shutdown before it exits anyway (ms): below what the orchestrator
   * waits before SIGKILL (docs/operations.md#shutdown).
   */
  GOVBOT_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(15_000),
  MicrosoftAppId: optional,
  MicrosoftAppPassword: optional,
  MicrosoftAppTenantId: optional,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL's URL (with its password: never log it); undefined: SQLite in the data directory. */
  databaseUrl: string | undefined;
  /** Redis's URL (may hold a password: never log it); undefined: this is the only instance. */
  redisUrl: string | undefined;
  redisPrefix: string;
  logLevel: z.infer<typeof Environment>['LOG_LEVEL'];
  city: string;
  privacyUrl: string;
  searchUrl: string;
  popularServices: string[];
  /** Origins (as browsers send them) or `*`; undefined: none but the server's own. */
  allowedOrigins: string[] | undefined;
  publicUrl: string | undefined;
  dialogsDir: string | undefined;
  recipientsFile: string | undefined;
  chatTrustLevel: 'none' | 'low' | 'substantial' | 'high';
  maxUploadBytes: number;
  /** The service centre's hours; undefined when it is always staffed. */
  serviceHours: ServiceHoursConfigInput | undefined;
  maxChatsPerAgent: number;
  handoffWebhook: { url: string; secret: string } | undefined;
  timeZone: string;
  /** The release gate of the editors' training runs. */
  gate: {
    folds: number;
    /** Undefined: the conversation scripts of the dialogs folder. */
    conversations: { skip: string } | { scriptsDir: string; dialogsDir?: string; recipientsFile?: string } | undefined;
  };
  /** Required from scrapers of `/metrics` when set. */
  metricsToken: string | undefined;
  /** GOVBOT_* variables that are no setting (not close to one either): worth a line in the log, not a refusal. */
  warnings: string[];
  /** Retention periods in days (docs/privacy.md). */
  retention: { transcriptDays: number; applicationDays: number; ticketDays: number };
  /** The key IP addresses are hashed with before they are stored; undefined: IP addresses are not stored. */
  ipHashSecret: string | undefined;
  /** Limits of the widget channel (docs/protocol.md#limits); a limit left out is off. */
  limits: {
    messages?: { burst: number; perMinute: number };
    addressMessages?: { burst: number; perMinute: number };
    connectionsPerAddress?: number;
  };
  /** Reverse proxies in front whose X-Forwarded-For gives the client's address. */
  trustedProxies: number;
  /** How long a graceful shutdown may take before `govbot serve` exits anyway. */
  shutdownTimeoutMs: number;
  botFramework: {
    appId?: string;
    appPassword?: string;
    appTenantId?: string;
    appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  };
}

export class ConfigError extends Error {}

/** Keys whose values never appear in an error message. */
const SECRETS = new Set([
  'DATABASE_URL',
  'REDIS_URL',
  'GOVBOT_HANDOFF_WEBHOOK_SECRET',
  'GOVBOT_IP_HASH_SECRET',
  'GOVBOT_METRICS_TOKEN',
  'MicrosoftAppPassword',
]);

/**
 * `  KEY: what is wrong (got "value")`: a schema's message says what is expected but not what it got; the value is left
 * out for secrets and for keys not set at all.
 */
function problemOf(env: NodeJS.ProcessEnv, key: string, message: string): string {
  const value = env[key];
  const shortened = value !== undefined && value.length > 80 ? `${value.slice(0, 80)}…` : value;
  const got = shortened === undefined || SECRETS.has(key) ? '' : ` (got ${JSON.stringify(shortened)})`;
  return `  ${key}: ${message}${got}`;
}

function list(value: string | undefined): string[] {
  return (
    value
      ?.split(',')
      .map((item) => item.trim())
      .filter(Boolean) ?? []
  );
}

/** The service centre's hours from the environment; undefined for `always`, or the reason they are unusable. */
function serviceHoursOf(
  env: NodeJS.ProcessEnv,
  closedDates: string[],
): { config?: ServiceHoursConfigInput; problem?: string } {
  const text = env.GOVBOT_SERVICE_HOURS?.trim() || DEFAULT_SERVICE_HOURS;
  if (text.toLowerCase() === 'always') return {};
  try {
    const state = Bundesland.safeParse(env.GOVBOT_STATE?.trim() || 'BY');
    const config: ServiceHoursConfigInput = {
      // A bad GOVBOT_STATE is reported under its own key; the hours are checked with the default Land.
      state: state.success ? state.data : 'BY',
      timeZone: env.GOVBOT_TIME_ZONE?.trim() || 'Europe/Berlin',
      weekly: parseWeeklyHours(text),
      closedDates,
    };
    ServiceHoursConfig.parse(config);
    return { config };
  } catch (error) {
    const reason = error instanceof z.ZodError ? z.prettifyError(error).replace(/\n/g, ' ') : String(error);
    return { problem: reason.replace(/^Error: /, '') };
  }
}

const DEFAULT_SERVICE_HOURS = 'mo-fr 08:00-18:00';

/**
 * GOVBOT_ALLOWED_ORIGINS as browsers send origins (`https://stadt.example`, lower case, no default port), or `*`.
 * A path, a query or another scheme is a mistake: an Origin header never has them, so such an entry would match
 * nothing.
 */
function allowedOriginsOf(values: string[]): { origins?: string[]; problem?: string } {
  const origins = values.map((value) => (value === '*' ? value : webOriginOf(value)));
  const bad = values.filter((_, index) => origins[index] === undefined);
  if (bad.length > 0) return { problem: `not an origin (https://host[:port]) or *: ${bad.join(', ')}` };
  const valid = origins.filter((origin) => origin !== undefined);
  return { origins: valid.length > 0 ? valid : undefined };
}

function webOriginOf(value: string): string | undefined {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  return bare && (url.protocol === 'https:' || url.protocol === 'http:') ? url.origin : undefined;
}

/** Reads the configuration; a bad environment fails with one message that lists every bad key. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: { dataDir?: string; port?: number } = {},
): Config {
  const parsed = Environment.safeParse(env);
  // Every bad key in one message: the keys' own checks, then the ones between keys (read from the raw values, so
  // they are reported even when another key is bad).
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => problemOf(env, issue.path.join('.'), issue.message));
  const value = (key: string) => env[key]?.trim() || undefined;
  const unknown = unknownKeys(env, Object.keys(Environment.shape));
  problems.push(...unknown.errors.map((error) => `  ${error}`));
  const metricsToken = value('GOVBOT_METRICS_TOKEN');
  if (metricsToken !== undefined && metricsToken.length < 16) {
    problems.push('  GOVBOT_METRICS_TOKEN: too short: expected at least 16 characters');
  }
  const hours = serviceHoursOf(env, list(value('GOVBOT_CLOSED_DATES')));
  if (hours.problem) problems.push(`  GOVBOT_SERVICE_HOURS: ${hours.problem}`);
  const origins = allowedOriginsOf(list(value('GOVBOT_ALLOWED_ORIGINS')));
  if (origins.problem) problems.push(`  GOVBOT_ALLOWED_ORIGINS: ${origins.problem}`);
  const database = databaseUrlOf(value('DATABASE_URL'));
  if (database.problem) problems.push(`  DATABASE_URL: ${database.problem}`);
  const redis = redisUrlOf(value('REDIS_URL'), database.url ?? value('DATABASE_URL'));
  if (redis.problem) problems.push(`  REDIS_URL: ${redis.problem}`);
  const webhookUrl = value('GOVBOT_HANDOFF_WEBHOOK_URL');
  if (webhookUrl && !value('GOVBOT_HANDOFF_WEBHOOK_SECRET')) {
    problems.push('  GOVBOT_HANDOFF_WEBHOOK_SECRET: required when GOVBOT_HANDOFF_WEBHOOK_URL is set');
  }
  if (webhookUrl && !value('GOVBOT_PUBLIC_URL')) {
    problems.push('  GOVBOT_PUBLIC_URL: required when GOVBOT_HANDOFF_WEBHOOK_URL is set (the system answers there)');
  }
  if (webhookUrl && !HttpUrl.safeParse(webhookUrl).success) {
    problems.push('  GOVBOT_HANDOFF_WEBHOOK_URL: not an http(s) URL');
  }
  if (value('MicrosoftAppId') && !value('MicrosoftAppPassword') && value('MicrosoftAppType') !== 'UserAssignedMSI') {
    problems.push('  MicrosoftAppPassword: required when MicrosoftAppId is set');
  }
  const storeIpHashes = ['on', 'true', '1'].includes(value('GOVBOT_STORE_IP_HASHES') ?? 'off');
  if (storeIpHashes && (value('GOVBOT_IP_HASH_SECRET')?.length ?? 0) < 32) {
    problems.push('  GOVBOT_IP_HASH_SECRET: at least 32 characters required when GOVBOT_STORE_IP_HASHES is on');
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  const e = parsed.data;
  const serviceHours = hours.config;
  return {
    port: overrides.port ?? e.PORT,
    host: e.HOST,
    dataDir: resolve(overrides.dataDir ?? e.GOVBOT_DATA_DIR),
    databaseUrl: database.url,
    redisUrl: redis.url,
    redisPrefix: e.GOVBOT_REDIS_PREFIX,
    logLevel: e.LOG_LEVEL,
    city: e.GOVBOT_CITY,
    privacyUrl: e.GOVBOT_PRIVACY_URL,
    searchUrl: e.GOVBOT_SEARCH_URL,
    popularServices: list(e.GOVBOT_POPULAR_SERVICES),
    allowedOrigins: origins.origins,
    publicUrl: e.GOVBOT_PUBLIC_URL?.replace(/\/+$/, ''),
    dialogsDir: e.GOVBOT_DIALOGS_DIR ? resolve(e.GOVBOT_DIALOGS_DIR) : undefined,
    recipientsFile: e.GOVBOT_RECIPIENTS_FILE ? resolve(e.GOVBOT_RECIPIENTS_FILE) : undefined,
    chatTrustLevel: e.GOVBOT_CHAT_TRUST_LEVEL,
    maxUploadBytes: e.GOVBOT_MAX_UPLOAD_BYTES,
    serviceHours,
    maxChatsPerAgent: e.GOVBOT_AGENT_MAX_CHATS,
    handoffWebhook:
      e.GOVBOT_HANDOFF_WEBHOOK_URL && e.GOVBOT_HANDOFF_WEBHOOK_SECRET
        ? { url: e.GOVBOT_HANDOFF_WEBHOOK_URL, secret: e.GOVBOT_HANDOFF_WEBHOOK_SECRET }
        : undefined,
    timeZone: e.GOVBOT_TIME_ZONE,
    metricsToken,
    warnings: unknown.warnings,
    gate: {
      folds: e.GOVBOT_GATE_FOLDS,
      conversations: gateConversations(e.GOVBOT_GATE_CONVERSATIONS, {
        dialogsDir: e.GOVBOT_DIALOGS_DIR ? resolve(e.GOVBOT_DIALOGS_DIR) : undefined,
        recipientsFile: e.GOVBOT_RECIPIENTS_FILE ? resolve(e.GOVBOT_RECIPIENTS_FILE) : undefined,
      }),
    },
    retention: {
      transcriptDays: e.GOVBOT_RETENTION_TRANSCRIPT_DAYS,
      applicationDays: e.GOVBOT_RETENTION_APPLICATION_DAYS,
      ticketDays: e.GOVBOT_RETENTION_TICKET_DAYS,
    },
    ipHashSecret: storeIpHashes ? e.GOVBOT_IP_HASH_SECRET : undefined,
    limits: e.GOVBOT_RATE_LIMITS === 'off' ? {} : limitsOf(e),
    trustedProxies: e.GOVBOT_TRUST_PROXY,
    shutdownTimeoutMs: e.GOVBOT_SHUTDOWN_TIMEOUT_MS,
    botFramework: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appTenantId: e.MicrosoftAppTenantId,
      appType: e.MicrosoftAppType,
    },
  };
}

function limitsOf(e: z.infer<typeof Environment>): Config['limits'] {
  const rate = (burst: number, perMinute: number) => (burst > 0 && perMinute > 0 ? { burst, perMinute } : undefined);
  return {
    messages: rate(e.GOVBOT_MESSAGE_BURST, e.GOVBOT_MESSAGES_PER_MINUTE),
    addressMessages: rate(e.GOVBOT_IP_MESSAGE_BURST, e.GOVBOT_IP_MESSAGES_PER_MINUTE),
    connectionsPerAddress: e.GOVBOT_MAX_CONNECTIONS_PER_IP || undefined,
  };
}

function gateConversations(
  value: string | undefined,
  dirs: { dialogsDir?: string; recipientsFile?: string },
): Config['gate']['conversations'] {
  if (value === undefined) return undefined;
  if (value === 'off') return { skip: 'switched off by GOVBOT_GATE_CONVERSATIONS=off' };
  return { scriptsDir: resolve(value), ...dirs };
}
