/**
 * The questions asked in one conversation and the bot messages replying to them (`replyToId` = the client message id).
 * A turn may answer with several messages in a row; a question answered again after another turn's messages is a
 * duplicate.
 */
export class AnswerLedger {
  private readonly asked = new Map<string, number>();
  private readonly answered = new Set<string>();
  private lastReplyTo: string | undefined;
  duplicated = 0;

  ask(id: string, at: number): void {
    this.asked.set(id, at);
  }

  /** Records a bot message; the time its question was asked when it is the first answer to it, else undefined. */
  answer(replyToId: string): number | undefined {
    const previous = this.lastReplyTo;
    this.lastReplyTo = replyToId;
    if (this.answered.has(replyToId)) {
      if (previous !== replyToId) this.duplicated++;
      return undefined;
    }
    const askedAt = this.asked.get(replyToId);
    if (askedAt !== undefined) this.answered.add(replyToId);
    return askedAt;
  }

  /** Questions asked and not answered (yet). */
  get unanswered(): number {
    return this.asked.size - this.answered.size;
  }

  /** Questions asked from `from` (inclusive) to `to` and not answered (yet). */
  unansweredBetween(from: number, to: number): number {
    let count = 0;
    for (const [id, at] of this.asked) if (at >= from && at < to && !this.answered.has(id)) count++;
    return count;
  }
}
