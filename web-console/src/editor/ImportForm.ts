import { h } from '../dom.js';
import type { EditorContext } from './context.js';
import { alertLine, failure, field, section, statusLine } from './ui.js';

/**
 * Imports a DLDB export into the draft catalogue: the services file (and optionally the locations file) are read in
 * the browser and posted as JSON; the server answers with what it imported and what it had to skip.
 */
export function importForm(context: EditorContext, imported: () => void): HTMLElement {
  const services = h('input', { type: 'file', accept: '.json,application/json', required: true });
  const locations = h('input', { type: 'file', accept: '.json,application/json' });
  const replace = h('input', { type: 'checkbox', id: 'import-replace' });
  const submit = h('button', { type: 'submit' }, 'Importieren');
  const status = statusLine({ 'data-testid': 'import-status' });
  const error = alertLine();
  const warnings = h('ul', { class: 'warnings' });
  const form = h(
    'form',
    { class: 'import-form' },
    field('Leistungen (DLDB-Export, JSON)', services),
    field('Standorte (optional, JSON)', locations),
    h(
      'div',
      { class: 'checkbox' },
      replace,
      h('label', { for: 'import-replace' }, 'Bisherigen Katalog ersetzen (sonst ergänzen)'),
    ),
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const servicesFile = services.files?.[0];
    if (!servicesFile) {
      error.textContent = 'Bitte wählen Sie die Datei mit den Leistungen.';
      services.focus();
      return;
    }
    submit.disabled = true;
    error.textContent = '';
    warnings.replaceChildren();
    status.textContent = 'Dateien werden gelesen …';
    void (async () => {
      try {
        const body: { services: unknown; locations?: unknown; replace?: boolean } = {
          services: JSON.parse(await readFile(servicesFile)),
          replace: replace.checked,
        };
        const locationsFile = locations.files?.[0];
        if (locationsFile) body.locations = JSON.parse(await readFile(locationsFile));
        status.textContent = 'Wird importiert …';
        const result = await context.api.importCatalogue(body);
        if (!result.ok) {
          status.textContent = '';
          error.textContent = `Import fehlgeschlagen: ${failure(result)}`;
          return;
        }
        const { value } = result;
        status.textContent = `Importiert: ${value.services} Leistungen, ${value.offices} Stellen, ${value.warnings.length} Hinweise.`;
        warnings.replaceChildren(...value.warnings.map((warning) => h('li', {}, warning)));
        imported();
      } catch {
        status.textContent = '';
        error.textContent = 'Die Datei ist kein gültiges JSON.';
      } finally {
        submit.disabled = false;
      }
    })();
  });
  return section('DLDB-Export importieren', form, status, error, warnings);
}

/** The file's text, read with a FileReader. */
function readFile(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.addEventListener('load', () => resolve(typeof reader.result === 'string' ? reader.result : ''));
    reader.addEventListener('error', () => reject(reader.error ?? new Error('unreadable')));
    reader.readAsText(file, 'utf-8');
  });
}
