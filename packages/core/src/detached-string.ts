/**
 * A copy of `text` that does not keep a larger string alive. A substring (from `slice`, `split`, a regex
 * match) of 13 characters or more is, in V8, a view on its parent: an id cut from a 1 MB chunk of CSV
 * text keeps the whole chunk in memory for as long as it is held. Long-lived keys (ids remembered across
 * traces) go through this; the concatenation makes V8 copy the characters into a string of their own.
 */
export function detachedString(text: string): string {
  return ` ${text}`.slice(1);
}
