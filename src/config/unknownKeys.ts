/** Recipients' webhook secrets are named freely in recipients.yaml (`secretEnv`); this prefix is theirs. */
const FREE_PREFIX = 'GOVBOT_SECRET_';

/** A misspelling this close to a known key is taken for a typo of it. */
const TYPO_DISTANCE = 2;

/**
 * GOVBOT_* variables that no setting reads. One within two edits of a known key is an error naming that key: a typo
 * (GOVBOT_SERVICE_HOUR) would otherwise silently run with the default. Any other is a warning, since a recipient's
 * secret or a deployment's own variable may share the prefix.
 */
export function unknownKeys(
  env: NodeJS.ProcessEnv,
  known: readonly string[],
): { errors: string[]; warnings: string[] } {
  const knownKeys = new Set(known);
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const key of Object.keys(env).sort()) {
    if (!key.startsWith('GOVBOT_') || knownKeys.has(key) || key.startsWith(FREE_PREFIX)) continue;
    const closest = closestKey(key, known);
    if (closest) errors.push(`${key}: not a setting; did you mean ${closest}?`);
    else warnings.push(`${key}: not a setting of GovBot, ignored`);
  }
  return { errors, warnings };
}

function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(key, candidate);
    if (distance <= TYPO_DISTANCE && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
