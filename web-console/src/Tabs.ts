import { h, uid } from './dom.js';

export interface TabDefinition {
  id: string;
  label: string;
  panel: HTMLElement;
}

/** ARIA tabs: arrow keys, Home and End move between tabs (roving tabindex), each tab shows its panel. */
export class Tabs {
  readonly element: HTMLElement;
  onSelect: (id: string) => void = () => undefined;
  private readonly tabs = new Map<string, { tab: HTMLButtonElement; panel: HTMLElement }>();
  private current: string;

  constructor(label: string, definitions: TabDefinition[]) {
    const list = h('div', { role: 'tablist', 'aria-label': label, class: 'tablist' });
    const panels: HTMLElement[] = [];
    for (const definition of definitions) {
      const tabId = uid(`tab-${definition.id}`);
      const panelId = uid(`tabpanel-${definition.id}`);
      const tab = h(
        'button',
        { type: 'button', role: 'tab', id: tabId, 'aria-controls': panelId, class: 'tab', 'data-tab': definition.id },
        definition.label,
      );
      tab.addEventListener('click', () => this.select(definition.id));
      tab.addEventListener('keydown', (event) => this.keydown(event, definition.id));
      const panel = h(
        'div',
        { role: 'tabpanel', id: panelId, 'aria-labelledby': tabId, class: 'tabpanel', tabindex: -1 },
        definition.panel,
      );
      list.append(tab);
      panels.push(panel);
      this.tabs.set(definition.id, { tab, panel });
    }
    this.element = h('div', { class: 'tabs' }, list, ...panels);
    this.current = definitions[0]?.id ?? '';
    this.render();
  }

  selected(): string {
    return this.current;
  }

  select(id: string, focus = false): void {
    if (!this.tabs.has(id)) return;
    const changed = id !== this.current;
    this.current = id;
    this.render();
    if (focus) this.tabs.get(id)?.tab.focus();
    if (changed) this.onSelect(id);
  }

  setLabel(id: string, label: string): void {
    const entry = this.tabs.get(id);
    if (entry && entry.tab.textContent !== label) entry.tab.textContent = label;
  }

  private render(): void {
    for (const [id, { tab, panel }] of this.tabs) {
      const active = id === this.current;
      tab.setAttribute('aria-selected', String(active));
      tab.tabIndex = active ? 0 : -1;
      panel.hidden = !active;
    }
  }

  private keydown(event: KeyboardEvent, id: string): void {
    const ids = [...this.tabs.keys()];
    const index = ids.indexOf(id);
    const target =
      event.key === 'ArrowRight'
        ? ids[(index + 1) % ids.length]
        : event.key === 'ArrowLeft'
          ? ids[(index - 1 + ids.length) % ids.length]
          : event.key === 'Home'
            ? ids[0]
            : event.key === 'End'
              ? ids[ids.length - 1]
              : undefined;
    if (target === undefined) return;
    event.preventDefault();
    this.select(target, true);
  }
}
