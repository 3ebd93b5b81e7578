/**
 * HTML built by a tagged template that escapes every interpolated string, so text from the report
 * (service names, span names, the command line) can never become markup. Only {@link Html} values,
 * made by this module, pass through unescaped.
 */

/** A fragment of markup that is already safe to insert. */
export class Html {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

/** What a template may interpolate: markup, text, numbers, lists of these, or nothing. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

// Control characters are not allowed in HTML or XML text; they become U+FFFD so an extracted SVG stays valid XML.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Escapes text for an HTML (or inline SVG) text node or a quoted attribute value; control characters become U+FFFD. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c).replace(CONTROL, '\uFFFD');
}

function flatten(value: HtmlValue): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(flatten).join('');
  if (value === null || value === undefined || value === false || value === true) return '';
  return escapeHtml(String(value));
}

/** Tagged template: literal parts are kept, interpolations are escaped unless they are {@link Html}. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += flatten(values[i]) + (strings[i + 1] ?? '');
  return new Html(out);
}

/** Joins fragments (or text, escaped) into one fragment. */
export function join(parts: readonly HtmlValue[]): Html {
  return new Html(flatten(parts));
}
