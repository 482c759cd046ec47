import { describe, expect, it } from 'vitest';
import { percentile, summarizeLatencies } from '../../../bench/measure.js';

describe('percentile', () => {
  it('takes the nearest rank of the sorted values, whatever their order', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 90)).toBe(9);
    expect(percentile(values, 99)).toBe(10);
    expect(percentile(values, 100)).toBe(10);
    expect(percentile(values, 0)).toBe(1);
  });

  it('lets a single slow call show in p99 of a hundred but not in p50', () => {
    const latencies = [...Array.from({ length: 99 }, () => 1), 250];
    expect(summarizeLatencies(latencies)).toEqual({ p50Ms: 1, p99Ms: 1 });
    expect(summarizeLatencies([...latencies, 300])).toEqual({ p50Ms: 1, p99Ms: 250 });
  });

  it('is NaN without values', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});
