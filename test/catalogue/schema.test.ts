import { describe, expect, it } from 'vitest';
import { HttpUrl } from '../../src/catalogue/schema.js';

describe('HttpUrl', () => {
  it('accepts internationalised hosts however often it is called (Node 20 URL.canParse regression)', () => {
    let rejected = 0;
    for (let i = 0; i < 20_000; i++) if (!HttpUrl.safeParse('https://www.einbürgerung.de/').success) rejected++;
    expect(rejected).toBe(0);
  });

  it('rejects what is not an absolute http(s) URL', () => {
    for (const bad of ['javascript:alert(1)', '/relative', 'ftp://example.org/x', 'not a url', '']) {
      expect(HttpUrl.safeParse(bad).success).toBe(false);
    }
    expect(HttpUrl.safeParse('http://example.org/x?y=1').success).toBe(true);
  });
});
