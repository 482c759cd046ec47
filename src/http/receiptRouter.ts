import { createHash } from 'node:crypto';
import { type Response, Router } from 'express';
import type { ApplicationService } from '../applications/ApplicationService.js';
import { RECEIPT_STYLE, renderReceipt } from '../applications/receipt.js';
import type { LocalizedText } from '../catalogue/schema.js';

/**
 * The citizen's receipt, behind the secret token they got on submission: `GET /quittung/:token` (page) and
 * `GET /quittung/:token/download` (text file). The token is the only key, so nothing is cached, indexed or leaked in
 * a Referer; an unknown token is a plain 404 that says nothing about which tokens exist.
 */
export function createReceiptRouter(
  service: Pick<ApplicationService, 'findByReceiptToken'>,
  recipientNames: Readonly<Record<string, LocalizedText>>,
): Router {
  const router = Router();
  router.use('/quittung', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Robots-Tag', 'noindex');
    res.setHeader('Referrer-Policy', 'no-referrer');
    // The page is standalone (it is saved and printed), so its styles are inline: allowed by hash, nothing else.
    res.setHeader(
      'Content-Security-Policy',
      `default-src 'none'; style-src '${STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
    next();
  });
  router.get('/quittung/:token', async (req, res) => {
    const application = await service.findByReceiptToken(req.params.token);
    if (application === undefined) return notFound(res);
    const downloadHref = `${req.baseUrl}/quittung/${encodeURIComponent(req.params.token)}/download`;
    res.type('html').send(renderReceipt(application, recipientNames, { downloadHref }).html);
  });
  router.get('/quittung/:token/download', async (req, res) => {
    const application = await service.findByReceiptToken(req.params.token);
    if (application === undefined) return notFound(res);
    const receipt = renderReceipt(application, recipientNames);
    res.setHeader('Content-Disposition', `attachment; filename="${receipt.fileName}"`);
    res.type('text/plain; charset=utf-8').send(receipt.text);
  });
  return router;
}

const STYLE_HASH = `sha256-${createHash('sha256').update(RECEIPT_STYLE).digest('base64')}`;

function notFound(res: Response): void {
  res.status(404).type('text/plain; charset=utf-8').send('Quittung nicht gefunden. / Receipt not found.\n');
}
