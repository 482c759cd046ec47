/**
 * Where `actual` departs from `expected`, one line each, read as a script means it: objects by the keys the script
 * names (others may be there), lists by position and length, everything else by equality. Empty when it matches.
 */
export function subsetMismatches(actual: unknown, expected: unknown, path: string): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected a list, got ${show(actual)}`];
    if (actual.length !== expected.length) {
      return [`${path}: expected ${expected.length} item(s), got ${actual.length}: ${show(actual)}`];
    }
    return expected.flatMap((item, index) => subsetMismatches(actual[index], item, `${path}[${index}]`));
  }
  if (isRecord(expected)) {
    if (!isRecord(actual)) return [`${path}: expected an object, got ${show(actual)}`];
    return Object.entries(expected).flatMap(([key, value]) =>
      key in actual
        ? subsetMismatches(actual[key], value, `${path}.${key}`)
        : [`${path}.${key}: expected ${show(value)}, it is missing`],
    );
  }
  return Object.is(actual, expected) ? [] : [`${path}: expected ${show(expected)}, got ${show(actual)}`];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON for the message, cut short: a whole application in one line helps nobody. */
function show(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
