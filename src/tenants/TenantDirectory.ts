import type { ClusterBus } from '../cluster/Cluster.js';
import { parseWeeklyHours } from '../handover/parseWeeklyHours.js';
import { ServiceHours, type ServiceHoursConfigInput } from '../handover/ServiceHours.js';
import type { Logger } from '../logger.js';
import type { TenantRepository } from '../storage/repositories.js';
import { CATALOGUE_PAGE, DEFAULT_TENANT, PRIVACY_PAGE, type Tenant, type TenantSettings } from './types.js';

/** The installation's settings from the environment, which a tenant's own settings override field by field. */
export interface InstallationDefaults {
  city: string;
  privacyUrl: string;
  searchUrl: string;
  /** Origins allowed for every tenant (GOVBOT_ALLOWED_ORIGINS); `*` for any. */
  allowedOrigins: readonly string[];
  /** The service centre's hours (GOVBOT_SERVICE_HOURS, GOVBOT_STATE, …); left out, it is always open. */
  serviceHours?: ServiceHoursConfigInput;
}

/** A tenant as the channels and the bot use it: every setting filled in. */
export interface EffectiveTenant {
  id: string;
  /** The municipality as the bot names it. */
  name: string;
  privacyUrl: string;
  searchUrl: string;
  /** The installation's origins and the tenant's own. */
  allowedOrigins: readonly string[];
  branding: NonNullable<TenantSettings['branding']>;
  botIds: readonly string[];
  /** When a person of its service centre can be asked for; undefined: always. */
  serviceHours: ServiceHours | undefined;
  /** The form dialogs it offers; undefined: every dialog of the installation. */
  dialogs: ReadonlySet<string> | undefined;
  /** Shared services it does not offer. */
  hiddenServices: ReadonlySet<string>;
  /** Its own retention periods, each left out being the installation's. */
  retention: NonNullable<TenantSettings['retention']>;
}

/** Whether the tenant offers the form dialog in the chat. */
export function offersDialog(tenant: EffectiveTenant, dialogId: string): boolean {
  return tenant.dialogs?.has(dialogId) ?? true;
}

/** Tells the other instances that tenants changed, so that they read them again. */
export const TENANTS_CHANGED_TOPIC = 'tenants.changed';
const DEFAULT_REFRESH_MS = 30_000;

/**
 * The installation's tenants, read from the database and kept in memory: the channels look a tenant up on every
 * connection and turn without waiting for the database. Read again every `refreshMs` (a `govbot tenant` command
 * changed one) and when another instance says it changed one.
 */
export class TenantDirectory {
  private tenants = new Map<string, EffectiveTenant>();
  private byBot = new Map<string, EffectiveTenant>();
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  /** The installation's hours, one object for every tenant that keeps them. */
  private readonly installationHours: ServiceHours | undefined;

  constructor(
    private readonly options: {
      tenants: TenantRepository;
      defaults: InstallationDefaults;
      bus?: ClusterBus;
      refreshMs?: number;
      logger: Logger;
    },
  ) {
    const { serviceHours } = options.defaults;
    this.installationHours = serviceHours && new ServiceHours(serviceHours);
    this.apply([]);
  }

  /** Reads the tenants, then keeps them current. */
  async start(): Promise<void> {
    await this.refresh();
    this.unsubscribe = this.options.bus?.subscribe(TENANTS_CHANGED_TOPIC, () => this.refreshLogged());
    this.timer = setInterval(() => this.refreshLogged(), this.options.refreshMs ?? DEFAULT_REFRESH_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.unsubscribe?.();
  }

  /** The tenant, or undefined for an id the installation does not have. */
  get(id: string): EffectiveTenant | undefined {
    return this.tenants.get(id);
  }

  /** The tenant, or the `default` tenant for an id the installation does not have (a tenant removed since). */
  getOrDefault(id: string): EffectiveTenant {
    return this.tenants.get(id) ?? this.fallback;
  }

  /** The `default` tenant, which every installation has. */
  get fallback(): EffectiveTenant {
    const tenant = this.tenants.get(DEFAULT_TENANT);
    if (!tenant) throw new Error('tenants: the default tenant is missing');
    return tenant;
  }

  /** The tenant a Bot Framework bot id answers for; the default tenant for an id no tenant claims. */
  byBotId(botId: string | undefined): EffectiveTenant {
    return (botId === undefined ? undefined : this.byBot.get(botId)) ?? this.fallback;
  }

  list(): EffectiveTenant[] {
    return [...this.tenants.values()];
  }

  /** Every origin some tenant allows: what a connection may come from before it names its tenant. */
  allOrigins(): string[] {
    return [...new Set(this.list().flatMap((tenant) => tenant.allowedOrigins))];
  }

  /** Reads the tenants again now (after this instance changed one) and tells the other instances. */
  async changed(): Promise<void> {
    await this.refresh();
    await this.options.bus?.publish(TENANTS_CHANGED_TOPIC, {});
  }

  async refresh(): Promise<void> {
    this.apply(await this.options.tenants.listTenants());
  }

  private refreshLogged(): void {
    this.refresh().catch((error: unknown) =>
      this.options.logger.warn({ err: error }, 'tenants: reading them again failed; keeping the ones known'),
    );
  }

  /** Replaces the maps as a whole, so that a lookup never sees half of an update. */
  private apply(stored: readonly Tenant[]): void {
    const tenants = new Map<string, EffectiveTenant>();
    // The default tenant exists even before the database has its row (a database from before tenants).
    const all = stored.some((tenant) => tenant.id === DEFAULT_TENANT)
      ? stored
      : [{ id: DEFAULT_TENANT, settings: {} }, ...stored];
    for (const tenant of all) tenants.set(tenant.id, this.effective(tenant.id, tenant.settings));
    const byBot = new Map<string, EffectiveTenant>();
    for (const tenant of tenants.values()) for (const botId of tenant.botIds) byBot.set(botId, tenant);
    this.tenants = tenants;
    this.byBot = byBot;
  }

  private effective(id: string, settings: TenantSettings): EffectiveTenant {
    const { defaults } = this.options;
    return {
      id,
      name: settings.name ?? defaults.city,
      privacyUrl: settings.privacyUrl ?? pageOf(id, defaults.privacyUrl, PRIVACY_PAGE),
      searchUrl: settings.searchUrl ?? pageOf(id, defaults.searchUrl, CATALOGUE_PAGE),
      allowedOrigins: [...new Set([...defaults.allowedOrigins, ...(settings.allowedOrigins ?? [])])],
      branding: settings.branding ?? {},
      botIds: settings.botIds ?? [],
      serviceHours: this.hoursOf(settings),
      dialogs: settings.dialogs && new Set(settings.dialogs),
      hiddenServices: new Set(settings.hiddenServices),
      retention: settings.retention ?? {},
    };
  }

  /**
   * The tenant's own weekly hours or Land where it sets them, the installation's for the rest (time zone, closing
   * days); `always` or no hours anywhere: always open.
   */
  private hoursOf(settings: TenantSettings): ServiceHours | undefined {
    const installation = this.options.defaults.serviceHours;
    if (settings.serviceHours === undefined && settings.state === undefined) return this.installationHours;
    if (settings.serviceHours?.toLowerCase() === 'always') return undefined;
    const weekly = settings.serviceHours === undefined ? installation?.weekly : parseWeeklyHours(settings.serviceHours);
    if (weekly === undefined) return undefined;
    return new ServiceHours({ ...installation, state: settings.state ?? installation?.state ?? 'BY', weekly });
  }
}

/**
 * The installation's page for a tenant: GovBot's own pages (the list of services, the privacy notice) show the
 * tenant's catalogue and name the tenant when told which; any other address stays as it is.
 */
function pageOf(tenantId: string, installation: string, ownPage: string): string {
  return installation === ownPage && tenantId !== DEFAULT_TENANT ? `${ownPage}?tenant=${tenantId}` : installation;
}
