import { safeUrl } from './dom.js';
import { type ThemeColor, themeColor } from './themeColor.js';

/**
 * The `<script>` that loaded the widget, if it was a classic script tag: `document.currentScript` is only set while
 * the script runs for the first time, so it is read at load.
 */
export const SCRIPT = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;

/** A tenant id as the server's `TenantId` accepts it (src/tenants/types.ts): the widget does not bundle zod. */
const TENANT_ID = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export interface WidgetSettings {
  mode: 'inline' | 'launcher';
  /** The GovBot server; undefined means the page's own origin. */
  serverUrl: string | undefined;
  /** The municipality whose chat this is, on a server that serves several; undefined: the server's `default`. */
  tenant: string | undefined;
  title: string | undefined;
  logoUrl: URL | undefined;
  color: ThemeColor | undefined;
  position: 'left' | 'right';
}

/**
 * The widget's settings from its element's data attributes, else from the loading script tag's:
 * `data-locale` (read by `resolveLocale`), `data-title`, `data-logo` (an http(s) URL, relative to the page),
 * `data-color` (`#rgb` or `#rrggbb`), `data-position` (`right` or `left`), `data-server` (default: the origin that
 * served widget.js), `data-tenant` (a tenant id of that server). Invalid values are ignored with a console warning: a
 * typo must not break the city's page. Title, logo and colour the tag leaves out come from the tenant's branding
 * (`withBranding`).
 */
export function readSettings(element: HTMLElement): WidgetSettings {
  const attribute = (name: string) => element.getAttribute(name) ?? SCRIPT?.getAttribute(name) ?? undefined;
  const logo = attribute('data-logo');
  const color = attribute('data-color');
  const tenant = attribute('data-tenant')?.trim();
  return {
    mode: element.getAttribute('data-mode') === 'launcher' ? 'launcher' : 'inline',
    serverUrl: serverUrl(attribute('data-server')),
    tenant: tenant ? warnIfUndefined(TENANT_ID.test(tenant) ? tenant : undefined, 'data-tenant') : undefined,
    title: attribute('data-title')?.trim() || undefined,
    logoUrl: logo
      ? warnIfUndefined(safeUrl(new URL(logo, location.href).href, ['http:', 'https:']), 'data-logo')
      : undefined,
    color: color ? warnIfUndefined(themeColor(color), 'data-color') : undefined,
    position: attribute('data-position') === 'left' ? 'left' : 'right',
  };
}

/** `data-server`, else the origin of widget.js; undefined when that is the page's own origin. */
function serverUrl(configured: string | undefined): string | undefined {
  const source = configured ?? SCRIPT?.src;
  const url = source ? safeUrl(new URL(source, location.href).href, ['http:', 'https:']) : undefined;
  return url && url.origin !== location.origin ? url.origin : undefined;
}

function warnIfUndefined<T>(value: T | undefined, attribute: string): T | undefined {
  if (value === undefined) console.warn(`GovBot: ignoring invalid ${attribute}`);
  return value;
}
