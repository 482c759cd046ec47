import type { Office, Service } from '../catalogue/schema.js';

/** Minimal server-rendered pages: the privacy notice and the catalogue search the bot links to. */
export function privacyPage(city: string): string {
  return page(
    `Datenschutzhinweise – Chat-Assistent ${city}`,
    `<h1>Datenschutzhinweise zum Chat-Assistenten</h1>
<p>Der Chat-Assistent der Stadt ${escapeHtml(city)} ist ein automatisiertes System. Er beantwortet Fragen zu Verwaltungsleistungen.</p>
<h2>Welche Daten verarbeitet werden</h2>
<ul>
<li>Der Inhalt Ihrer Nachrichten und die Antworten des Assistenten (Gesprächsverlauf), damit das Gespräch fortgesetzt werden kann.</li>
<li>Ein zufälliger Schlüssel in Ihrem Browser (localStorage), mit dem Sie Ihr Gespräch nach dem Neuladen fortsetzen. Es werden keine Cookies gesetzt.</li>
<li>IP-Adressen werden nicht gespeichert.</li>
</ul>
<h2>Zweck und Rechtsgrundlage</h2>
<p>Die Verarbeitung dient der Beantwortung Ihrer Anfrage (Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit dem Landesdatenschutzgesetz).</p>
<h2>Ihre Rechte</h2>
<p>Sie haben das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der Verarbeitung sowie ein Beschwerderecht bei der Aufsichtsbehörde.</p>
<p>Bitte geben Sie im Chat keine sensiblen Daten wie Gesundheitsdaten oder Kontonummern ein, wenn Sie nicht danach gefragt werden.</p>
<p>Die Behördennummer 115 erreichen Sie Montag bis Freitag von 8 bis 18 Uhr.</p>`,
  );
}

export function cataloguePage(
  services: Service[],
  offices: Map<string, Office>,
  query: string,
  tenantId?: string,
): string {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = services.filter((service) => {
    const haystack = [
      service.title.de,
      service.title.en ?? '',
      service.summary.de,
      ...service.synonyms.de,
      ...service.synonyms.en,
    ]
      .join(' ')
      .toLowerCase();
    return terms.every((term) => haystack.includes(term));
  });
  const items = matches
    .map((service) => {
      const office = service.officeIds.map((id) => offices.get(id)?.name.de).find(Boolean);
      const online = service.onlineService
        ? ` <a href="${escapeHtml(service.onlineService.url)}">Online-Dienst</a>`
        : '';
      return `<li><h2>${escapeHtml(service.title.de)}</h2><p>${escapeHtml(service.summary.de)}</p>${
        office ? `<p>Zuständig: ${escapeHtml(office)}</p>` : ''
      }${online}</li>`;
    })
    .join('\n');
  return page(
    'Leistungskatalog',
    `<h1>Leistungskatalog</h1>
<form method="get" role="search">${tenantId === undefined ? '' : `<input type="hidden" name="tenant" value="${escapeHtml(tenantId)}">`}<label for="q">Suchbegriff</label> <input id="q" name="q" type="search" value="${escapeHtml(query)}"> <button type="submit">Suchen</button></form>
<p role="status">${matches.length} Leistungen${query ? ` für „${escapeHtml(query)}“` : ''}</p>
<ul class="services">${items}</ul>`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/assets/pages.css">
</head><body><main>${body}</main></body></html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Styles of the pages above, served from a file so that the CSP needs no inline styles. */
export const PAGES_CSS =
  'body{font-family:system-ui,sans-serif;max-width:48rem;margin:1rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}' +
  'a{color:#0b4f9c}ul.services{list-style:none;padding:0}ul.services li{border-bottom:1px solid #ccc;padding:.5rem 0}' +
  'h2{font-size:1.15rem;margin:.25rem 0}';
