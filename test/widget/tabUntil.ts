import type { Page } from 'playwright-core';

/** One focus stop: the element's test id (or text) and whether its focus indicator is visible. */
export interface FocusStop {
  name: string;
  visibleFocus: boolean;
}

/**
 * Presses `key` until the focused element (looked up through shadow roots) is named `until`;
 * returns every stop on the way. Throws with the path taken when it is not reached in 25 presses.
 */
export async function tabUntil(page: Page, key: 'Tab' | 'Shift+Tab', until: string): Promise<FocusStop[]> {
  const stops: FocusStop[] = [];
  for (let step = 0; step < 25; step++) {
    await page.keyboard.press(key);
    const current = await focusedElement(page);
    if (current) stops.push(current);
    if (current?.name.startsWith(until)) return stops;
  }
  throw new Error(`${until} not reached with ${key}; focus went ${JSON.stringify(stops)}`);
}

function focusedElement(page: Page): Promise<FocusStop | undefined> {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    if (!element) return undefined;
    const style = getComputedStyle(element);
    return {
      name: element.getAttribute('data-testid') ?? element.textContent?.trim() ?? element.tagName,
      // Outline is how the widget (and the page) draw focus; 2 px is the least we accept as visible.
      visibleFocus: style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2,
    };
  });
}
