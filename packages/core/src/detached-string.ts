/**
 * A copy of `text` that does not keep a larger string alive. A substring (from `slice`, `split`, a regex
 * match) of 13 characters or more is, in V8, a view on its parent: an id cut from a 1 MB chunk of CSV
 * text keeps the whole chunk in memory for as long as it is held. Long-lived keys (ids remembered across
 * traces) go through this.
 */
export function detachedString(text: string): string {
  // The JSON round trip is exact for every string (lone surrogates too) and gives a flat string of its
  // own, as small as a fresh one (~85 bytes with its Map entry for a trace id, against ~125 for the
  // cheaper `' ' + text` then `slice(1)`, which is again a view, on a one-character-longer copy). It
  // costs ~0.4 µs, paid a few times per trace, not per span.
  return JSON.parse(JSON.stringify(text)) as string;
}
