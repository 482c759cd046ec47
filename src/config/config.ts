import { resolve } from 'node:path';
import { z } from 'zod';
import { HttpUrl } from '../catalogue/schema.js';
import { parseWeeklyHours } from '../handover/parseWeeklyHours.js';
import { Bundesland, ServiceHoursConfig, type ServiceHoursConfigInput } from '../handover/ServiceHours.js';

const optional = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

/** Every setting GovBot reads from the environment, validated at start-up. */
const Environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  GOVBOT_DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GOVBOT_CITY: z.string().min(1).default('Musterstadt'),
  GOVBOT_PRIVACY_URL: z.string().min(1).default('/datenschutz'),
  GOVBOT_SEARCH_URL: z.string().min(1).default('/leistungen'),
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
  MicrosoftAppId: optional,
  MicrosoftAppPassword: optional,
  MicrosoftAppTenantId: optional,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
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
  botFramework: {
    appId?: string;
    appPassword?: string;
    appTenantId?: string;
    appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  };
}

export class ConfigError extends Error {}

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
    : parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  const value = (key: string) => env[key]?.trim() || undefined;
  const hours = serviceHoursOf(env, list(value('GOVBOT_CLOSED_DATES')));
  if (hours.problem) problems.push(`  GOVBOT_SERVICE_HOURS: ${hours.problem}`);
  const origins = allowedOriginsOf(list(value('GOVBOT_ALLOWED_ORIGINS')));
  if (origins.problem) problems.push(`  GOVBOT_ALLOWED_ORIGINS: ${origins.problem}`);
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
  if (!parsed.success || problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  const e = parsed.data;
  const serviceHours = hours.config;
  return {
    port: overrides.port ?? e.PORT,
    host: e.HOST,
    dataDir: resolve(overrides.dataDir ?? e.GOVBOT_DATA_DIR),
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
    gate: {
      folds: e.GOVBOT_GATE_FOLDS,
      conversations: gateConversations(e.GOVBOT_GATE_CONVERSATIONS, {
        dialogsDir: e.GOVBOT_DIALOGS_DIR ? resolve(e.GOVBOT_DIALOGS_DIR) : undefined,
        recipientsFile: e.GOVBOT_RECIPIENTS_FILE ? resolve(e.GOVBOT_RECIPIENTS_FILE) : undefined,
      }),
    },
    botFramework: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appTenantId: e.MicrosoftAppTenantId,
      appType: e.MicrosoftAppType,
    },
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
