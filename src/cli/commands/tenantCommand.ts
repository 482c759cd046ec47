import { z } from 'zod';
import { DEFAULT_DIALOGS_DIR, loadDialogsDir } from '../../dialogs/loadDialogsDir.js';
import { formatTable } from '../../nlu/evaluation/formatTable.js';
import type { Storage } from '../../storage/repositories.js';
import { countOf, readLayer } from '../../tenants/tenantContent.js';
import { DEFAULT_TENANT, type Tenant, TenantId, TenantSettings } from '../../tenants/types.js';
import { openCommandStorage } from '../openCommandStorage.js';
import { parseOptions } from '../parseOptions.js';

const DataDirOptions = z.object({ dataDir: z.string().min(1) });
const ListOptions = DataDirOptions.extend({ json: z.boolean().default(false) });

/** What `add` and `set` take; an empty value (`--name ''`) removes the setting: the installation's applies again. */
const SettingOptions = DataDirOptions.extend({
  name: z.string().optional(),
  privacyUrl: z.string().optional(),
  searchUrl: z.string().optional(),
  origin: z.array(z.string()).default([]),
  botId: z.array(z.string()).default([]),
  title: z.string().optional(),
  color: z.string().optional(),
  logo: z.string().optional(),
  serviceHours: z.string().optional(),
  state: z.string().optional(),
  /** `a,b`, `all` (the setting removed: every dialog) or `none`. */
  dialogs: z.string().optional(),
  hideService: z.array(z.string()).default([]),
  transcriptDays: z.string().optional(),
  applicationDays: z.string().optional(),
  ticketDays: z.string().optional(),
});
type SettingOptions = z.infer<typeof SettingOptions>;
const SetOptions = SettingOptions.extend({
  clearOrigins: z.boolean().default(false),
  clearBotIds: z.boolean().default(false),
  showService: z.array(z.string()).default([]),
});

/** The TenantDirectory of a running server reads the tenants again this often (see `TenantDirectory`). */
const PICKED_UP = 'running servers use it within 30 seconds';

/**
 * `govbot tenant list [--json]`: the tenants with their name, origins, bot ids and knowledge: the shared one, or their
 * own layer (docs/tenants.md) and the version live for them.
 */
export async function tenantListCommand(rawOptions: unknown): Promise<void> {
  const options = parseOptions(ListOptions, rawOptions);
  await withStorage(options.dataDir, async (storage) => {
    const tenants = await Promise.all(
      (await storage.tenants.listTenants()).map(async (tenant) => ({
        ...tenant,
        knowledge: await knowledgeOf(storage, tenant.id),
      })),
    );
    process.stdout.write(options.json ? `${JSON.stringify(tenants, null, 2)}\n` : formatTenants(tenants));
  });
}

/** What a tenant answers with: how much of its own it has, and the number of its live version (if any). */
interface TenantKnowledgeSummary {
  own: { services: number; offices: number; corpora: number };
  liveVersion: number | undefined;
}

async function knowledgeOf(storage: Storage, tenantId: string): Promise<TenantKnowledgeSummary> {
  const layer = storage.knowledgeOf(tenantId);
  const [own, live] = await Promise.all([readLayer(layer), layer.versions.liveVersion()]);
  return { own: countOf(own), liveVersion: live?.version };
}

/** `shared v3` for the shared layer's tenant; `own v2 (12 services, 1 corpora)`, or `shared` without a layer. */
function describeKnowledge(id: string, { own, liveVersion }: TenantKnowledgeSummary): string {
  const version = liveVersion === undefined ? 'not published' : `v${liveVersion}`;
  if (id === DEFAULT_TENANT) return `shared ${version}`;
  if (own.services + own.offices + own.corpora === 0 && liveVersion === undefined) return 'shared';
  return `own ${version} (${own.services} services, ${own.corpora} corpora)`;
}

/** `govbot tenant show ID`: the tenant's stored settings as JSON. */
export async function tenantShowCommand(id: string, rawOptions: unknown): Promise<void> {
  const options = parseOptions(DataDirOptions, rawOptions);
  await withStorage(options.dataDir, async (storage) => {
    const tenant = await storage.tenants.findTenant(id);
    if (!tenant) throw new Error(`no tenant ${id}`);
    process.stdout.write(`${JSON.stringify(tenant, null, 2)}\n`);
  });
}

/** `govbot tenant add ID [settings]`: a new tenant; an existing id is refused (change it with `set`). */
export async function tenantAddCommand(id: string, rawOptions: unknown): Promise<void> {
  const options = parseOptions(SettingOptions, rawOptions);
  const tenantId = parseTenantId(id);
  const settings = validSettings(applyOptions({}, options));
  await withStorage(options.dataDir, async (storage) => {
    // The default tenant exists even without its row (a database from before tenants): it is changed, never added.
    if (tenantId === DEFAULT_TENANT || (await storage.tenants.findTenant(tenantId))) {
      throw new Error(`the tenant ${tenantId} exists already; change it with \`govbot tenant set ${tenantId}\``);
    }
    await refuseClaimedBotIds(storage, tenantId, settings);
    await refuseUnknownContent(storage, settings);
    await storage.tenants.saveTenant(tenantId, settings);
    await audit(storage, 'tenant.added', tenantId, settings);
    process.stdout.write(`added tenant ${tenantId}; ${PICKED_UP}\n`);
  });
}

/**
 * `govbot tenant set ID [settings] [--clear-origins] [--clear-bot-ids]`: changes the given settings only. `--origin`
 * and `--bot-id` add to the tenant's lists; `--clear-…` empties a list first, so both together replace it.
 */
export async function tenantSetCommand(id: string, rawOptions: unknown): Promise<void> {
  const options = parseOptions(SetOptions, rawOptions);
  const tenantId = parseTenantId(id);
  await withStorage(options.dataDir, async (storage) => {
    const stored = await storage.tenants.findTenant(tenantId);
    if (!stored && tenantId !== DEFAULT_TENANT) {
      throw new Error(`no tenant ${tenantId}; add it with \`govbot tenant add ${tenantId}\``);
    }
    const current = stored?.settings ?? {};
    const shown = new Set(options.showService);
    const cleared: TenantSettings = {
      ...current,
      allowedOrigins: options.clearOrigins ? [] : current.allowedOrigins,
      botIds: options.clearBotIds ? [] : current.botIds,
      hiddenServices: current.hiddenServices?.filter((id) => !shown.has(id)),
    };
    const settings = validSettings(applyOptions(cleared, options));
    await refuseClaimedBotIds(storage, tenantId, settings);
    await refuseUnknownContent(storage, settings);
    await storage.tenants.saveTenant(tenantId, settings);
    await audit(storage, 'tenant.changed', tenantId, settings);
    process.stdout.write(`changed tenant ${tenantId}; ${PICKED_UP}\n`);
  });
}

/** The settings with the options given applied; `undefined` (left out) is dropped before validation. */
function applyOptions(settings: TenantSettings, options: SettingOptions): Record<string, unknown> {
  const branding = {
    ...settings.branding,
    ...given('title', options.title),
    ...given('color', options.color),
    ...given('logo', options.logo),
  };
  const retention = {
    ...settings.retention,
    ...given('transcriptDays', options.transcriptDays),
    ...given('applicationDays', options.applicationDays),
    ...given('ticketDays', options.ticketDays),
  };
  const applied = withoutEmpty({
    ...settings,
    ...given('name', options.name),
    ...given('privacyUrl', options.privacyUrl),
    ...given('searchUrl', options.searchUrl),
    ...given('serviceHours', options.serviceHours),
    ...given('state', options.state),
    allowedOrigins: unique([...(settings.allowedOrigins ?? []), ...options.origin]),
    botIds: unique([...(settings.botIds ?? []), ...options.botId]),
    hiddenServices: unique([...(settings.hiddenServices ?? []), ...options.hideService]),
    branding: withoutEmpty(branding),
    // Days as numbers, so that the schema checks them as such ("abc" stays a string it refuses).
    retention: withoutEmpty(
      Object.fromEntries(
        Object.entries(retention).map(([key, days]) => [key, /^\d+$/.test(String(days)) ? Number(days) : days]),
      ),
    ),
  });
  // An empty list of dialogs is a setting of its own (none offered), unlike the other lists.
  if (settings.dialogs) applied.dialogs = settings.dialogs;
  const dialogs = options.dialogs?.trim();
  if (dialogs === 'all') delete applied.dialogs;
  else if (dialogs === 'none') applied.dialogs = [];
  else if (dialogs !== undefined)
    applied.dialogs = unique(
      dialogs
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    );
  return applied;
}

/** `{ key: value }` when the option was given; an empty value marks the setting for removal. */
function given(key: string, value: string | undefined): Record<string, string> {
  return value === undefined ? {} : { [key]: value };
}

/** Drops removed settings (empty strings), empty lists and an empty branding: what is not set falls back. */
function withoutEmpty(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => {
      if (value === undefined || value === '') return false;
      if (Array.isArray(value)) return value.length > 0;
      if (typeof value === 'object' && value !== null) return Object.keys(value).length > 0;
      return true;
    }),
  );
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** The options behind the settings, so that a problem names what to change on the command line. */
const OPTION_OF: Record<string, string> = {
  name: '--name',
  privacyUrl: '--privacy-url',
  searchUrl: '--search-url',
  allowedOrigins: '--origin',
  botIds: '--bot-id',
  'branding.title': '--title',
  'branding.color': '--color',
  'branding.logo': '--logo',
  serviceHours: '--service-hours',
  state: '--state',
  dialogs: '--dialogs',
  hiddenServices: '--hide-service',
  'retention.transcriptDays': '--transcript-days',
  'retention.applicationDays': '--application-days',
  'retention.ticketDays': '--ticket-days',
};

function validSettings(settings: Record<string, unknown>): TenantSettings {
  const parsed = TenantSettings.safeParse(settings);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const [head, ...rest] = issue.path.map(String);
    const option = OPTION_OF[[head, ...rest].join('.')] ?? OPTION_OF[head ?? ''] ?? issue.path.join('.');
    // A list's entry: name the value the problem is about.
    const index = rest.length === 1 && /^\d+$/.test(rest[0] ?? '') ? Number(rest[0]) : undefined;
    const list = head === undefined ? undefined : settings[head];
    const value = index !== undefined && Array.isArray(list) ? ` ${JSON.stringify(list[index])}` : '';
    return `  ${option}${value}: ${issue.message}`;
  });
  throw new Error(`invalid tenant settings:\n${problems.join('\n')}`);
}

/** A bot id answers for one tenant: with two, which one a Bot Framework conversation belongs to would be chance. */
async function refuseClaimedBotIds(storage: Storage, tenantId: string, settings: TenantSettings): Promise<void> {
  const mine = new Set(settings.botIds ?? []);
  const claimed = (await storage.tenants.listTenants()).flatMap((other) =>
    other.id === tenantId
      ? []
      : (other.settings.botIds ?? []).filter((botId) => mine.has(botId)).map((botId) => `${botId} (${other.id})`),
  );
  if (claimed.length > 0) throw new Error(`bot ids answer for another tenant already: ${claimed.join(', ')}`);
}

/**
 * Dialogs the installation does not have (GOVBOT_DIALOGS_DIR, else GovBot's own) and shared services its catalogue
 * lacks are typos: the tenant would silently offer no dialog, or hide nothing.
 */
async function refuseUnknownContent(storage: Storage, settings: TenantSettings): Promise<void> {
  const problems: string[] = [];
  if (settings.dialogs && settings.dialogs.length > 0) {
    const dir = process.env.GOVBOT_DIALOGS_DIR?.trim() || DEFAULT_DIALOGS_DIR;
    const known = new Set(loadDialogsDir(dir).dialogs.map((dialog) => dialog.id));
    const unknown = settings.dialogs.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      problems.push(`  --dialogs: no such dialog: ${unknown.join(', ')} (there are ${[...known].sort().join(', ')})`);
    }
  }
  if (settings.hiddenServices && settings.hiddenServices.length > 0) {
    const shared = new Set((await storage.catalogue.listServices()).map((service) => service.id));
    const unknown = settings.hiddenServices.filter((id) => !shared.has(id));
    if (unknown.length > 0) problems.push(`  --hide-service: not a shared service: ${unknown.join(', ')}`);
  }
  if (problems.length > 0) throw new Error(`invalid tenant settings:\n${problems.join('\n')}`);
}

function parseTenantId(id: string): string {
  const parsed = TenantId.safeParse(id);
  if (!parsed.success) throw new Error(`invalid tenant id ${JSON.stringify(id)}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** Tenants are the platform's administration: who changed which, with what, stays traceable. */
async function audit(storage: Storage, action: string, tenantId: string, settings: TenantSettings): Promise<void> {
  await storage.audit.appendAudit({
    at: new Date().toISOString(),
    actorId: undefined,
    actorName: 'cli',
    action,
    conversationId: undefined,
    tenantId,
    details: { tenantId, settings },
  });
}

async function withStorage(dataDir: string, work: (storage: Storage) => Promise<void>): Promise<void> {
  const { storage } = await openCommandStorage(dataDir);
  try {
    await work(storage);
  } finally {
    await storage.close();
  }
}

function formatTenants(tenants: (Tenant & { knowledge: TenantKnowledgeSummary })[]): string {
  if (tenants.length === 0) return 'no tenants\n';
  const rows = tenants.map(({ id, settings, knowledge }) => [
    id,
    // Left out, the installation's GOVBOT_CITY names it.
    settings.name ?? '(GOVBOT_CITY)',
    describeKnowledge(id, knowledge),
    (settings.allowedOrigins ?? []).join(' '),
    (settings.botIds ?? []).join(' '),
  ]);
  return `${formatTable(['id', 'name', 'knowledge', 'origins', 'bot ids'], rows, [false, false, false, false, false])}\n`;
}
