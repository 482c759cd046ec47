import { z } from 'zod';
import type { Delivery } from '../../applications/types.js';
import { formatTable } from '../../nlu/evaluation/formatTable.js';
import { openCommandStorage } from '../openCommandStorage.js';
import { parseOptions } from '../parseOptions.js';

const DeliveriesOptions = z.object({
  dataDir: z.string().min(1),
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
  reference: z.string().min(1).optional(),
  json: z.boolean().default(false),
});
const RetryOptions = z.object({ dataDir: z.string().min(1) });

/**
 * `govbot deliveries`: the outbox, one row per recipient of each submitted application, oldest first; `--json` prints
 * the `Delivery` objects. The first column is the id `govbot deliveries retry` takes.
 */
export async function deliveriesCommand(rawOptions: unknown): Promise<void> {
  const options = parseOptions(DeliveriesOptions, rawOptions);
  const { storage } = await openCommandStorage(options.dataDir);
  try {
    const deliveries = await storage.applications.listDeliveries({
      status: options.status,
      reference: options.reference,
    });
    process.stdout.write(options.json ? `${JSON.stringify(deliveries, null, 2)}\n` : formatDeliveries(deliveries));
  } finally {
    await storage.close();
  }
}

/**
 * `govbot deliveries retry <id>`: a failed delivery becomes pending and due now; a running server sends it. Takes
 * `--data-dir` from `govbot deliveries`, whose option it is.
 */
export async function retryDeliveryCommand(
  deliveryId: string,
  _options: unknown,
  command: { optsWithGlobals(): unknown },
): Promise<void> {
  const options = parseOptions(RetryOptions, command.optsWithGlobals());
  const { storage } = await openCommandStorage(options.dataDir);
  try {
    if (!(await storage.applications.retryDelivery(deliveryId))) {
      throw new Error(`no failed delivery ${deliveryId} (see govbot deliveries --status failed)`);
    }
    process.stdout.write(`delivery ${deliveryId} is pending again and will be sent at the next poll\n`);
  } finally {
    await storage.close();
  }
}

function formatDeliveries(deliveries: Delivery[]): string {
  if (deliveries.length === 0) return 'no deliveries\n';
  const rows = deliveries.map((delivery) => [
    delivery.id,
    delivery.reference,
    delivery.recipientId,
    delivery.status,
    String(delivery.attempts),
    delivery.nextAttemptAt === undefined ? '' : delivery.nextAttemptAt.replace(/\.\d+Z$/, 'Z'),
    shorten(delivery.lastError ?? '', 60),
  ]);
  const header = ['delivery', 'reference', 'recipient', 'status', 'attempts', 'next attempt', 'last error'];
  return `${formatTable(header, rows, [false, false, false, false, true, false, false])}\n`;
}

function shorten(text: string, length: number): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}
