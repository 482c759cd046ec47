import { describe, expect, it } from 'vitest';
import { cleanText, withoutControlCharacters, withoutControlCharactersIn } from '../../../src/text/cleanText.js';

describe('withoutControlCharacters', () => {
  it('drops NUL, the other C0 control characters and DEL', () => {
    expect(withoutControlCharacters('Reise\u0000pass')).toBe('Reisepass');
    const controls = Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)).join('');
    expect(withoutControlCharacters(`a${controls}\u007Fb`)).toBe('a\t\n\rb');
  });

  it('keeps tabs, line breaks and every printable character', () => {
    const text = 'Straße\tNr. 5\r\nÄrger 😀 — ½ € \u00A0 \u0080';
    expect(withoutControlCharacters(text)).toBe(text);
  });
});

describe('cleanText', () => {
  it('checks what is kept: a message of control characters and spaces is empty, a limit counts the rest', () => {
    const text = cleanText().trim().min(1).max(5);
    expect(text.safeParse('\u0000 \u001B ').success).toBe(false);
    expect(text.parse(' ab\u0000\u0000\u0000\u0000cd ')).toBe('abcd');
    expect(text.safeParse('abcdef').success).toBe(false);
  });
});

describe('withoutControlCharactersIn', () => {
  it('cleans every string of a JSON value, nested in objects and arrays, and leaves the rest', () => {
    expect(
      withoutControlCharactersIn({
        name: 'Bel\u0000lo',
        dogs: [{ breed: 'Da\u0007ckel', age: 3, vaccinated: true, chip: null }],
        note: 'Zeile 1\nZeile 2',
      }),
    ).toEqual({
      name: 'Bello',
      dogs: [{ breed: 'Dackel', age: 3, vaccinated: true, chip: null }],
      note: 'Zeile 1\nZeile 2',
    });
    expect(withoutControlCharactersIn('\u0000')).toBe('');
    expect(withoutControlCharactersIn(42)).toBe(42);
    expect(withoutControlCharactersIn(undefined)).toBeUndefined();
  });

  it('keeps a __proto__ key as data', () => {
    const cleaned = withoutControlCharactersIn(JSON.parse('{"__proto__": {"admin": "ja\\u0000"}}'));
    expect(Object.getPrototypeOf(cleaned)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(cleaned, '__proto__')?.value).toEqual({ admin: 'ja' });
  });

  it('walks as deep as activities nest, and no deeper, so a crafted value cannot overflow the stack', () => {
    const nested = (depth: number, inner: string) => JSON.parse(`${'['.repeat(depth)}"${inner}"${']'.repeat(depth)}`);
    expect(withoutControlCharactersIn(nested(10, 'a\\u0000b'))).toEqual(nested(10, 'ab'));
    expect(() => withoutControlCharactersIn(nested(100_000, 'a'))).not.toThrow();
  });

  it('does not walk binary or class instances', () => {
    const bytes = Buffer.from([0, 1, 2]);
    expect(withoutControlCharactersIn(bytes)).toBe(bytes);
    const when = new Date(0);
    expect(withoutControlCharactersIn(when)).toBe(when);
  });
});
