import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EmbedHost {
  /** `http://localhost:<port>`: the city's portal, on another origin (and site) than the bot at 127.0.0.1. */
  origin: string;
  /** The same page on `http://127.0.0.1:<port>`: an origin the bot does not allow. */
  otherOrigin: string;
  close(): Promise<void>;
}

/**
 * A city's portal page that embeds GovBot with the one documented tag, under a strict Content-Security-Policy: no
 * inline script or style, scripts and connections only from the bot's origin.
 */
export async function startEmbedHost(botUrl: () => string): Promise<EmbedHost> {
  const server: Server = createServer((request, response) => {
    if (request.url !== '/') {
      response.writeHead(404).end();
      return;
    }
    const bot = botUrl();
    const socket = bot.replace(/^http/, 'ws');
    response.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': [
        "default-src 'none'",
        `script-src ${bot}`,
        `connect-src ${bot} ${socket}`,
        `img-src ${bot}`,
        "style-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
      ].join('; '),
    });
    response.end(hostPage(bot));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    otherOrigin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function hostPage(bot: string): string {
  return `<!doctype html>
<html lang="de">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Stadt Beispielstadt – Serviceportal</title>
  </head>
  <body>
    <header><p>Stadt Beispielstadt</p></header>
    <main>
      <h1>Serviceportal der Stadt Beispielstadt</h1>
      <p>Hier finden Sie alle Leistungen der Stadtverwaltung. Fragen beantwortet unser Chat-Assistent.</p>
      <p><a href="/">Startseite</a></p>
    </main>
    <script src="${bot}/widget.js" defer
      data-title="Beispielstadt-Chat" data-color="#7a1f5c" data-logo="${bot}/favicon.svg" data-position="right"></script>
  </body>
</html>
`;
}
