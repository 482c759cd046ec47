import { describe, expect, it } from 'vitest';
import { BoundedLabel, OTHER } from '../../src/metrics/BoundedLabel.js';

describe('BoundedLabel', () => {
  it('admits plain names up to the cap and counts every later one, and every odd string, as other', () => {
    const label = new BoundedLabel(2);
    expect(label.of('service.reisepass')).toBe('service.reisepass');
    expect(label.of('None')).toBe('None');
    expect(label.of('greeting')).toBe(OTHER);
    // Names admitted before the cap stay themselves.
    expect(label.of('service.reisepass')).toBe('service.reisepass');
    const fresh = new BoundedLabel(10);
    expect(fresh.of('a"b')).toBe(OTHER);
    expect(fresh.of('x'.repeat(65))).toBe(OTHER);
    expect(fresh.of(undefined)).toBe(OTHER);
    expect(fresh.of('')).toBe(OTHER);
  });
});
