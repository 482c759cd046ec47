import { resolve } from 'node:path';
import { z } from 'zod';

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
  /** Origins allowed to embed the widget (comma-separated); empty: same origin only. */
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
  allowedOrigins: string[] | undefined;
  publicUrl: string | undefined;
  dialogsDir: string | undefined;
  recipientsFile: string | undefined;
  chatTrustLevel: 'none' | 'low' | 'substantial' | 'high';
  maxUploadBytes: number;
  botFramework: {
    appId?: string;
    appPassword?: string;
    appTenantId?: string;
    appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  };
}

export class ConfigError extends Error {}

/** Reads the configuration; a bad environment fails with one message that lists every bad key. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: { dataDir?: string; port?: number } = {},
): Config {
  const parsed = Environment.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.MicrosoftAppId && !e.MicrosoftAppPassword && e.MicrosoftAppType !== 'UserAssignedMSI') {
    throw new ConfigError('Invalid configuration:\n  MicrosoftAppPassword: required when MicrosoftAppId is set');
  }
  const list = (value: string | undefined) =>
    value
      ?.split(',')
      .map((item) => item.trim())
      .filter(Boolean) ?? [];
  return {
    port: overrides.port ?? e.PORT,
    host: e.HOST,
    dataDir: resolve(overrides.dataDir ?? e.GOVBOT_DATA_DIR),
    logLevel: e.LOG_LEVEL,
    city: e.GOVBOT_CITY,
    privacyUrl: e.GOVBOT_PRIVACY_URL,
    searchUrl: e.GOVBOT_SEARCH_URL,
    popularServices: list(e.GOVBOT_POPULAR_SERVICES),
    allowedOrigins: e.GOVBOT_ALLOWED_ORIGINS ? list(e.GOVBOT_ALLOWED_ORIGINS) : undefined,
    publicUrl: e.GOVBOT_PUBLIC_URL?.replace(/\/+$/, ''),
    dialogsDir: e.GOVBOT_DIALOGS_DIR ? resolve(e.GOVBOT_DIALOGS_DIR) : undefined,
    recipientsFile: e.GOVBOT_RECIPIENTS_FILE ? resolve(e.GOVBOT_RECIPIENTS_FILE) : undefined,
    chatTrustLevel: e.GOVBOT_CHAT_TRUST_LEVEL,
    maxUploadBytes: e.GOVBOT_MAX_UPLOAD_BYTES,
    botFramework: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appTenantId: e.MicrosoftAppTenantId,
      appType: e.MicrosoftAppType,
    },
  };
}
