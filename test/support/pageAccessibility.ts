import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { AXE_SCRIPT, axeViolations } from '../widget/widgetPage.js';

/**
 * The sizes the staff pages are checked at: a desktop, the narrowest phone (WCAG 1.4.10 reflow), and the desktop at
 * 200 % zoom (WCAG 1.4.4: zooming halves the CSS pixels the page gets).
 */
export const VIEWPORTS = [
  { size: '1280×800', width: 1280, height: 800 },
  { size: '320×640', width: 320, height: 640 },
  { size: '640×400 (1280×800 at 200 %)', width: 640, height: 400 },
] as const;

export type Viewport = (typeof VIEWPORTS)[number];

/** What `checkView` found wrong; every list is empty and `overflow` 0 on a page that passes. */
export interface ViewReport {
  view: string;
  size: string;
  violations: { rule: string; nodes: string[] }[];
  /** Pixels the page scrolls sideways (WCAG 1.4.10). */
  overflow: number;
  /** When it does: the outermost elements reaching past the right edge. */
  overflowing: string[];
  /** Controls in the tab order that Tab never reached. */
  unreached: string[];
  /** Focus stops without a visible outline of at least 2 px (WCAG 2.4.7). */
  noFocusIndicator: string[];
  /** Focus stops left outside the viewport once focused (e.g. cut off at the right edge). */
  outOfView: string[];
}

/**
 * Checks the page as it is at every size in `VIEWPORTS`: axe-core, no sideways scrolling, and a walk through the whole
 * tab order in which every control is reached, shows its focus and is scrolled into view. Returns one report per
 * size, meant for `toEqual(passing(...))` so that a failure names the view, the size and the offending elements.
 */
export async function checkView(page: Page, view: string, viewports: readonly Viewport[] = VIEWPORTS) {
  const reports: ViewReport[] = [];
  for (const viewport of viewports) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    // Layout after a resize happens before the next frame; axe and the walk measure the new one.
    await nextFrame(page);
    const violations = await runAxe(page);
    const { overflow, overflowing } = await sidewaysOverflow(page);
    const walk = await walkTabOrder(page);
    reports.push({ view, size: viewport.size, violations, overflow, overflowing, ...walk });
  }
  return reports;
}

/** The reports `checkView` returns for a page without problems. */
export function passing(view: string, viewports: readonly Viewport[] = VIEWPORTS): ViewReport[] {
  return viewports.map(({ size }) => ({
    view,
    size,
    violations: [],
    overflow: 0,
    overflowing: [],
    unreached: [],
    noFocusIndicator: [],
    outOfView: [],
  }));
}

/** axe-core's violations; the script is evaluated through the DevTools protocol, which the page's CSP does not block. */
export async function runAxe(page: Page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await readFile(AXE_SCRIPT, 'utf8'));
  return axeViolations(page);
}

/**
 * Elements whose CSS animation or transition lasts longer than 10 ms (pseudo-elements included), as
 * `selector: property duration`. With `prefers-reduced-motion: reduce` a page should have none.
 */
export function longMotions(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const seconds = (value: string) =>
      Math.max(...value.split(',').map((part) => Number.parseFloat(part) * (part.trim().endsWith('ms') ? 0.001 : 1)));
    const found: string[] = [];
    for (const element of [document.documentElement, ...document.querySelectorAll('body *')]) {
      for (const pseudo of [null, '::before', '::after']) {
        const style = getComputedStyle(element, pseudo);
        const name = [element.tagName.toLowerCase(), ...element.classList].join('.') + (pseudo ?? '');
        if (style.animationName !== 'none' && seconds(style.animationDuration) > 0.01) {
          found.push(`${name}: animation ${style.animationDuration}`);
        }
        if (style.transitionProperty !== 'none' && seconds(style.transitionDuration) > 0.01) {
          found.push(`${name}: transition ${style.transitionDuration}`);
        }
        if (pseudo === null && style.scrollBehavior === 'smooth') found.push(`${name}: smooth scrolling`);
      }
    }
    return found;
  });
}

/** How far the page scrolls sideways, and if it does, the outermost elements that stick out on the right. */
function sidewaysOverflow(page: Page): Promise<{ overflow: number; overflowing: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const overflow = document.documentElement.scrollWidth - width;
    if (overflow <= 0) return { overflow, overflowing: [] };
    const sticksOut = (element: Element | null) => element !== null && element.getBoundingClientRect().right > width;
    const overflowing = [...document.querySelectorAll('body *')]
      .filter((element) => sticksOut(element) && !sticksOut(element.parentElement))
      .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')}`);
    return { overflow, overflowing };
  });
}

declare global {
  interface Window {
    /** An element's name as a user sees it: `aria-label`, its label, or its text (see `installNaming`). */
    __nameOf?: (element: Element) => string;
    /** Numbers given to elements by `walkTabOrder`, to recognise them between key presses. */
    __focusIds?: WeakMap<Element, number>;
    __unlistedStops?: number;
    /** Requests of the page whose answers are not yet handled (see `trackFetches`). */
    __pendingFetches?: number;
  }
}

/**
 * Presses Tab until the focus has gone round the page once. Reports the controls in the tab order (visible, enabled,
 * `tabIndex` ≥ 0) that were never focused, and the stops without a visible focus indicator or outside the viewport.
 * Deterministic: it waits for nothing but the key presses.
 */
async function walkTabOrder(page: Page): Promise<Pick<ViewReport, 'unreached' | 'noFocusIndicator' | 'outOfView'>> {
  await installNaming(page);
  const expected = await page.evaluate(() => {
    window.__focusIds = new WeakMap();
    window.__unlistedStops = 0;
    const ids = window.__focusIds;
    const controls = document.querySelectorAll<HTMLElement>(
      'a[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable="true"]',
    );
    const found: { id: number; name: string }[] = [];
    for (const control of controls) {
      if (control.tabIndex < 0 || control.matches(':disabled') || control.closest('[inert]')) continue;
      if (!control.checkVisibility({ visibilityProperty: true })) continue;
      // Only the checked radio button of a group (or the first) is a tab stop.
      if (control instanceof HTMLInputElement && control.type === 'radio' && !control.checked) continue;
      ids.set(control, found.length);
      found.push({ id: found.length, name: `${control.tagName.toLowerCase()} "${window.__nameOf?.(control)}"` });
    }
    (document.activeElement as HTMLElement | null)?.blur();
    return found;
  });

  const reached = new Set<number>();
  const noFocusIndicator: string[] = [];
  const outOfView: string[] = [];
  let first: number | undefined;
  let previous: number | undefined;
  // Round once, with room for the body between the last and the first control and for unlisted stops.
  for (let press = 0; press < 2 * expected.length + 10; press++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const element = document.activeElement;
      if (!element || element === document.body) return undefined;
      const ids = window.__focusIds ?? new WeakMap<Element, number>();
      // Stops the page did not list as controls (e.g. a scrollable box Chromium makes focusable) get new numbers.
      let id = ids.get(element);
      if (id === undefined) {
        window.__unlistedStops = (window.__unlistedStops ?? 0) + 1;
        id = -window.__unlistedStops;
        ids.set(element, id);
      }
      const style = getComputedStyle(element);
      const box = element.getBoundingClientRect();
      const width = document.documentElement.clientWidth;
      return {
        id,
        name: `${element.tagName.toLowerCase()} "${window.__nameOf?.(element)}"`,
        visibleFocus: style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2,
        inView: box.left >= 0 && box.right <= width && box.bottom > 0 && box.top < window.innerHeight,
      };
    });
    if (!stop) continue;
    // Back at the start: once round. The same element twice in a row is a date field's day, month and year.
    if (stop.id === first && previous !== first) break;
    first ??= stop.id;
    previous = stop.id;
    if (reached.has(stop.id)) continue;
    reached.add(stop.id);
    // A control drawn anew during the walk (a live update of a list) is a new element: known by its name.
    const redrawn = stop.id < 0 ? expected.find(({ id, name }) => name === stop.name && !reached.has(id)) : undefined;
    if (redrawn) reached.add(redrawn.id);
    if (!stop.visibleFocus) noFocusIndicator.push(stop.name);
    if (!stop.inView) outOfView.push(stop.name);
  }
  const unreached = expected.filter(({ id }) => !reached.has(id)).map(({ name }) => name);
  return { unreached, noFocusIndicator, outOfView };
}

/** Resolves after the browser has rendered the next frame. */
export function nextFrame(page: Page): Promise<unknown> {
  return page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined))));
}

/**
 * Presses Tab until the focused element is named `name` (its `aria-label`, its label, or its text); throws with the
 * stops on the way when 60 presses do not get there. For paths a keyboard user takes.
 */
export async function tabTo(page: Page, name: string): Promise<void> {
  await installNaming(page);
  const stops: string[] = [];
  for (let press = 0; press < 60; press++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement;
      return element && element !== document.body ? (window.__nameOf?.(element) ?? '') : '';
    });
    if (focused === name) return;
    stops.push(focused);
  }
  throw new Error(`Tab did not reach "${name}"; it went ${JSON.stringify(stops)}`);
}

/** Defines `window.__nameOf` in the page (again after a navigation). */
async function installNaming(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.__nameOf = (element) => {
      const label =
        element.getAttribute('aria-label') ??
        (element instanceof HTMLInputElement ||
        element instanceof HTMLSelectElement ||
        element instanceof HTMLTextAreaElement
          ? element.labels?.[0]?.textContent
          : element.textContent);
      return (label ?? '').trim().replace(/\s+/g, ' ').slice(0, 60);
    };
  });
}

/**
 * Counts the page's `fetch` calls until their JSON is read and the code awaiting it has run, so that a test can wait
 * for a view to finish loading (`fetchesSettled`) instead of guessing. Call before the page loads.
 */
export async function trackFetches(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    let pending = 0;
    const count = (change: number) => {
      pending += change;
      window.__pendingFetches = pending;
    };
    count(0);
    const fetch = window.fetch.bind(window);
    // A macrotask after the answer: the caller's continuations (microtasks) have rendered by then.
    const settle = () => setTimeout(() => count(-1));
    window.fetch = async (...args: Parameters<typeof window.fetch>) => {
      count(1);
      try {
        const response = await fetch(...args);
        if (response.status === 204) settle();
        else {
          const json = response.json.bind(response);
          response.json = () => json().finally(settle);
        }
        return response;
      } catch (error) {
        settle();
        throw error;
      }
    };
  });
}

/** Resolves once every request the page made (with `trackFetches`) has been answered and handled. */
export async function fetchesSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__pendingFetches === 0);
}
