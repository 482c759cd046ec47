import { z } from 'zod';

/** Bot state rows and keys as both backends (SQLite, PostgreSQL) read them. */
export const StateRow = z.object({ key: z.string(), etag: z.string(), json: z.string() });

export const EtagRow = z.object({ etag: z.string() });

/**
 * The conversation a botbuilder state key belongs to: `<channelId>/conversations/<conversationId>/...` as written by
 * ConversationState and PrivateConversationState. Other keys (e.g. UserState's `<channelId>/users/<userId>/`) belong
 * to none and outlive conversations.
 */
export function conversationIdOfStateKey(key: string): string | undefined {
  return /^[^/]*\/conversations\/([^/]+)/.exec(key)?.[1];
}
