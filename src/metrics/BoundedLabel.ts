/** The label value every value past the cap (or not a plain name) is counted under. */
export const OTHER = 'other';

const PLAIN = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Keeps a Prometheus label's values few: each distinct series costs memory in GovBot and in Prometheus for as long as
 * it is kept, so values that citizens or remote channels choose (intents of a model an editor keeps growing, a Bot
 * Framework `channelId`) are admitted up to `max` distinct values; later ones and odd strings count as `other`.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(private readonly max: number) {}

  of(value: string | undefined): string {
    if (value === undefined || !PLAIN.test(value)) return OTHER;
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max) return OTHER;
    this.seen.add(value);
    return value;
  }
}
