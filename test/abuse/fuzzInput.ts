/**
 * Seeded random input for the fuzz test: the same seed gives the same sequence, so a failure is reproduced by
 * running the test again with FUZZ_SEED set to the seed it printed.
 */
export class FuzzInput {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32: small, fast and good enough to spread inputs; not for anything secret. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Mostly short strings of awkward characters (markup, quotes, control characters, emoji), sometimes huge. */
  string(): string {
    if (this.chance(0.02)) return 'x'.repeat(10_000 + this.int(200_000));
    const length = this.pick([0, 1, 5, 20, 100, 2001]);
    let text = '';
    for (let i = 0; i < length; i++) text += this.pick(ALPHABET);
    return text;
  }

  /** Any JSON value (and binary), nested up to `depth`. */
  value(depth = 4): unknown {
    const kind = this.int(depth > 0 ? 11 : 8);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
        return this.pick([0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 2 ** 31]);
      case 3:
      case 4:
        return this.string();
      case 5:
        return Buffer.from(this.string().slice(0, 1000));
      case 6:
        return undefined;
      case 7:
        return this.deep(this.pick([10, 100, 1000]));
      case 8:
        return Array.from({ length: this.int(5) }, () => this.value(depth - 1));
      default:
        return Object.fromEntries(Array.from({ length: this.int(5) }, () => [this.key(), this.value(depth - 1)]));
    }
  }

  /** Objects in objects `levels` deep. */
  deep(levels: number): unknown {
    let value: unknown = 'leaf';
    for (let i = 0; i < levels; i++) value = this.chance(0.5) ? [value] : { a: value };
    return value;
  }

  key(): string {
    return this.pick([...ACTIVITY_KEYS, '__proto__', 'constructor', 'toString', '', this.string().slice(0, 30)]);
  }

  /** A widget message with one field (or several) replaced by something else: every field gets every wrong type. */
  clientActivity(): Record<string, unknown> {
    const activity: Record<string, unknown> = {
      type: 'message',
      id: `fuzz-${this.int(1e9)}`,
      text: this.pick(['Hallo', 'Personalausweis beantragen', 'Wie lange dauert ein Reisepass?', 'Danke']),
    };
    const changes = 1 + this.int(3);
    for (let i = 0; i < changes; i++) {
      const key = this.pick(ACTIVITY_KEYS);
      if (this.chance(0.1)) delete activity[key];
      else activity[key] = key === 'attachments' && this.chance(0.5) ? this.attachments() : this.value(3);
    }
    return activity;
  }

  attachments(): unknown[] {
    return Array.from({ length: this.int(5) }, () => ({
      contentType: this.pick(['image/png', 'application/pdf', 'text/html', this.string()]),
      name: this.pick(['foto.png', '../../etc/passwd', '<img src=x onerror=alert(1)>.pdf', this.string()]),
      contentUrl: this.pick([
        'data:image/png;base64,iVBORw0KGgo=',
        'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
        'data:,',
        'data:application/pdf;base64,!!!',
        'javascript:alert(1)',
        this.string(),
      ]),
    }));
  }

  /** A Bot Framework activity with fields replaced, left out or added. */
  botFrameworkActivity(serviceUrl: string): unknown {
    if (this.chance(0.1)) return this.value(3);
    const activity: Record<string, unknown> = {
      type: 'message',
      id: `fuzz-${this.int(1e9)}`,
      serviceUrl,
      channelId: 'emulator',
      conversation: { id: `fuzz-conversation-${this.int(20)}` },
      from: { id: 'fuzz-user', name: 'Fuzz' },
      recipient: { id: 'govbot' },
      text: 'Hallo',
    };
    const changes = this.int(4);
    for (let i = 0; i < changes; i++) {
      const key = this.pick([...Object.keys(activity), 'value', 'attachments', 'membersAdded', 'entities', 'locale']);
      if (this.chance(0.15)) delete activity[key];
      else activity[key] = this.value(3);
    }
    return activity;
  }
}

const ACTIVITY_KEYS = ['type', 'id', 'text', 'value', 'attachments', 'locale'] as const;

const ALPHABET = [
  'a',
  'ß',
  'ü',
  ' ',
  '<',
  '>',
  '"',
  "'",
  '&',
  '\\',
  '\u0000',
  '\u202e',
  '\ud800',
  '😀',
  '<script>',
  'javascript:',
  '${',
  '%s',
  '\n',
];
