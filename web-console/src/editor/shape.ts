import { isRecord } from '../../../web-widget/src/values.js';

/**
 * A tiny reader of JSON from the server: zod does not fit the page's size budget, so the workbench describes the
 * answers it reads with these combinators instead. A reader returns the value, rebuilt from checked fields only, or
 * `undefined` when the JSON does not fit; unknown fields are dropped. `shapes.ts` checks at compile time that what
 * they produce fits the server's zod types.
 */
export type Reader<T> = (json: unknown) => T | undefined;

/** The value a reader produces. */
export type Read<R> = R extends Reader<infer T> ? T : never;

/** Marks a field that may be missing (or null): it is left out of the result then. */
interface Optional<T> {
  optional: Reader<T>;
}

type Fields = Record<string, Reader<unknown> | Optional<unknown>>;
type Required<F extends Fields> = { [K in keyof F as F[K] extends Optional<unknown> ? never : K]: Read<F[K]> };
type Maybe<F extends Fields> = {
  [K in keyof F as F[K] extends Optional<unknown> ? K : never]?: F[K] extends Optional<infer T> ? T : never;
};
type Flatten<T> = { [K in keyof T]: T[K] };

export const str: Reader<string> = (json) => (typeof json === 'string' ? json : undefined);

/** A string that is not empty. */
export const text: Reader<string> = (json) => (typeof json === 'string' && json.length > 0 ? json : undefined);

export const num: Reader<number> = (json) => (typeof json === 'number' && Number.isFinite(json) ? json : undefined);

export const bool: Reader<boolean> = (json) => (typeof json === 'boolean' ? json : undefined);

/** Any JSON value, kept as it is (shown with `JSON.stringify` only). */
export const unknownValue: Reader<unknown> = (json) => json;

export function oneOf<const T extends string>(values: readonly T[]): Reader<T> {
  return (json) => values.find((value) => value === json);
}

export function nullable<T>(reader: Reader<T>): Reader<T | null> {
  return (json) => (json === null ? null : reader(json));
}

export function optional<T>(reader: Reader<T>): Optional<T> {
  return { optional: reader };
}

/** An array whose items all fit, else undefined. */
export function array<T>(reader: Reader<T>): Reader<T[]> {
  return (json) => {
    if (!Array.isArray(json)) return undefined;
    const result: T[] = [];
    for (const item of json) {
      const value = reader(item);
      if (value === undefined) return undefined;
      result.push(value);
    }
    return result;
  };
}

/** An object of string keys whose values all fit. */
export function record<T>(reader: Reader<T>): Reader<Record<string, T>> {
  return (json) => {
    if (!isRecord(json)) return undefined;
    const result: Record<string, T> = {};
    for (const [key, item] of Object.entries(json)) {
      const value = reader(item);
      if (value === undefined) return undefined;
      result[key] = value;
    }
    return result;
  };
}

/** An object with the fields described; fields marked `optional` may be missing or null. */
export function object<F extends Fields>(fields: F): Reader<Flatten<Required<F> & Maybe<F>>> {
  return (json) => {
    if (!isRecord(json)) return undefined;
    const result: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(fields)) {
      const raw = json[key];
      if (typeof field !== 'function') {
        if (raw === undefined || raw === null) continue;
        const value = field.optional(raw);
        if (value === undefined) return undefined;
        result[key] = value;
        continue;
      }
      const value = field(raw);
      if (value === undefined) return undefined;
      result[key] = value;
    }
    // The loop checked every field against its reader: this is the one place a value becomes its type.
    return result as Flatten<Required<F> & Maybe<F>>;
  };
}
