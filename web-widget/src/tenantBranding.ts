import { safeUrl } from './dom.js';
import type { WidgetSettings } from './embedSettings.js';
import { themeColor } from './themeColor.js';

/** What a tenant may brand: the defaults for the tag's `data-title`, `data-logo` and `data-color`. */
export type Branding = Partial<Pick<WidgetSettings, 'title' | 'logoUrl' | 'color'>>;

/**
 * The tenant's branding from the server's `session` (or as kept from the last one), checked as strictly as the
 * tag's attributes: whatever is not a usable title, http(s) logo or colour is left out, never shown.
 */
export function tenantBranding(value: unknown): Branding {
  if (typeof value !== 'object' || value === null) return {};
  const title = 'title' in value ? value.title : undefined;
  const logo = 'logo' in value ? value.logo : undefined;
  const color = 'color' in value ? value.color : undefined;
  return {
    title: typeof title === 'string' ? title.trim() || undefined : undefined,
    logoUrl: safeUrl(logo, ['http:', 'https:']),
    color: typeof color === 'string' ? themeColor(color) : undefined,
  };
}

/** The tag's own settings, with the tenant's branding where the tag sets none. */
export function withBranding(settings: WidgetSettings, branding: Branding): WidgetSettings {
  return {
    ...settings,
    title: settings.title ?? branding.title,
    logoUrl: settings.logoUrl ?? branding.logoUrl,
    color: settings.color ?? branding.color,
  };
}
