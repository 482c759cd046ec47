import type { Storage as BotStorage, StoreItems } from 'botbuilder';
import { z } from 'zod';
import type { StateRepository } from './repositories.js';

/** A botbuilder store item: any JSON object, optionally carrying the eTag it was read with. */
const StoreItem = z.looseObject({ eTag: z.string().optional() });
type StateChange = Parameters<StateRepository['writeState']>[0][string];

/**
 * botbuilder's `Storage` over our `StateRepository`, so `ConversationState` and friends persist where everything else
 * does. botbuilder keeps the eTag inside each item; the repository keeps it beside the value.
 */
export class BotStateStorage implements BotStorage {
  constructor(private readonly state: StateRepository) {}

  async read(keys: string[]): Promise<StoreItems> {
    const found = await this.state.readState(keys);
    return Object.fromEntries(Object.entries(found).map(([key, { value, eTag }]) => [key, { ...value, eTag }]));
  }

  async write(changes: StoreItems): Promise<void> {
    const entries = Object.entries(changes).map(([key, item]): [string, StateChange] => {
      const parsed = StoreItem.safeParse(item);
      if (!parsed.success) {
        throw new Error(`BotStateStorage: item "${key}" is not an object: ${z.prettifyError(parsed.error)}`);
      }
      // The eTag steers concurrency and is not part of the stored value.
      const { eTag, ...value } = parsed.data;
      return [key, eTag === undefined ? { value } : { value, eTag }];
    });
    await this.state.writeState(Object.fromEntries(entries));
  }

  async delete(keys: string[]): Promise<void> {
    await this.state.deleteState(keys);
  }
}
