/** True when `pattern` contains a glob wildcard (`*` or `?`). */
export function isGlob(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/**
 * Compiles a glob (`*` any run of characters, `?` exactly one character; everything else literal)
 * once into a matcher. Matching never backtracks: the pattern is split at `*` into fixed-length
 * parts and each part is placed at its leftmost fit, so time is at most O(name × pattern) even for
 * hostile patterns like `a*a*a*…b` (a RegExp would take exponential time there).
 */
export function compileGlob(pattern: string): (name: string) => boolean {
  const parts = pattern.split('*').map((p) => Array.from(p));
  if (parts.length === 1) {
    const only = parts[0]!;
    return (name) => {
      const chars = Array.from(name);
      return chars.length === only.length && fits(chars, 0, only);
    };
  }
  const first = parts[0]!;
  const last = parts.at(-1)!;
  const middle = parts.slice(1, -1).filter((p) => p.length > 0);
  return (name) => {
    const chars = Array.from(name);
    if (chars.length < first.length + last.length) return false;
    if (!fits(chars, 0, first) || !fits(chars, chars.length - last.length, last)) return false;
    let at = first.length;
    const end = chars.length - last.length;
    for (const part of middle) {
      const found = leftmost(chars, at, end, part);
      if (found < 0) return false;
      at = found + part.length;
    }
    return true;
  };
}

function fits(chars: readonly string[], at: number, part: readonly string[]): boolean {
  for (let i = 0; i < part.length; i++) {
    const p = part[i]!;
    if (p !== '?' && chars[at + i] !== p) return false;
  }
  return true;
}

function leftmost(chars: readonly string[], from: number, end: number, part: readonly string[]): number {
  for (let at = from; at + part.length <= end; at++) if (fits(chars, at, part)) return at;
  return -1;
}

/** A matcher for a name or glob: plain comparison unless the pattern has a wildcard. */
export function nameMatcher(pattern: string): (name: string) => boolean {
  if (!isGlob(pattern)) return (name) => name === pattern;
  return compileGlob(pattern);
}
