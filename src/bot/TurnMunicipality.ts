import type { TurnContext } from 'botbuilder';
import type { Office, Service } from '../catalogue/schema.js';
import { type EffectiveTenant, offersDialog, type TenantDirectory } from '../tenants/TenantDirectory.js';
import { tenantOf } from '../tenants/TenantMiddleware.js';
import type { Knowledge } from './GovBot.js';

/** A municipality as the bot names it and links to it, the links absolute. */
export interface MunicipalityLinks {
  name: string;
  privacyUrl: string;
  searchUrl: string;
}

/**
 * The municipality of a turn (docs/tenants.md), as the bot's answers need it: what it answers with, how it is named
 * and linked, and what it offers of the shared content.
 */
export class TurnMunicipality {
  constructor(
    private readonly options: {
      /** What a tenant's turns answer with (the tenant's own live version, or the shared one). */
      knowledge: (tenantId: string) => Knowledge;
      tenants: Pick<TenantDirectory, 'fallback'>;
      /** The bot's public address, which a tenant's relative links are relative to. */
      publicUrl: () => string;
    },
  ) {}

  tenant(context: TurnContext): EffectiveTenant {
    return tenantOf(context, this.options.tenants);
  }

  /** What the turn's municipality answers with: its own live version, or the shared one. */
  knowledge(context: TurnContext): Knowledge {
    return this.options.knowledge(this.tenant(context).id);
  }

  links(context: TurnContext): MunicipalityLinks {
    const tenant = this.tenant(context);
    const base = `${this.options.publicUrl()}/`;
    return {
      name: tenant.name,
      privacyUrl: new URL(tenant.privacyUrl, base).href,
      searchUrl: new URL(tenant.searchUrl, base).href,
    };
  }

  /** The service, unless the municipality hides it (a shared service it does not offer). */
  offered(context: TurnContext, service: Service | undefined): Service | undefined {
    return service && !this.tenant(context).hiddenServices.has(service.id) ? service : undefined;
  }

  offersDialog(context: TurnContext, dialogId: string): boolean {
    return offersDialog(this.tenant(context), dialogId);
  }

  /** The service's offices in the municipality's catalogue. */
  officesOf(context: TurnContext, service: Service): Office[] {
    const { offices } = this.knowledge(context);
    return service.officeIds.flatMap((id) => offices.get(id) ?? []);
  }
}
