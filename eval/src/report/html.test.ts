import { describe, expect, it } from 'vitest';
import { escapeHtml, Html, html, join } from './html.js';

describe('escapeHtml', () => {
  it('escapes the five characters that can start markup or end an attribute', () => {
    expect(escapeHtml(`<script>alert("x" + 'y') & 1</script>`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;) &amp; 1&lt;/script&gt;',
    );
  });

  it('replaces control characters, which HTML and XML forbid, and keeps tabs and newlines', () => {
    expect(escapeHtml('a\u0000b\u001bc\u007fd\te\nf')).toBe('a\uFFFDb\uFFFDc\uFFFDd\te\nf');
  });

  it('leaves other text, including non-ASCII, as it is', () => {
    expect(escapeHtml('ts-order-service µs → ✓')).toBe('ts-order-service µs → ✓');
  });
});

describe('html', () => {
  it('escapes interpolated strings and numbers but keeps literal markup', () => {
    const name = '"><img src=x onerror=alert(1)>';
    expect(html`<td title="${name}">${name} ${42}</td>`.value).toBe(
      '<td title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">&quot;&gt;&lt;img src=x onerror=alert(1)&gt; 42</td>',
    );
  });

  it('does not escape nested fragments twice and flattens lists', () => {
    const items = ['a&b', 'c'].map((t) => html`<li>${t}</li>`);
    expect(html`<ul>${items}</ul>`.value).toBe('<ul><li>a&amp;b</li><li>c</li></ul>');
  });

  it('renders nothing for null, undefined and booleans', () => {
    expect(html`[${null}${undefined}${false}${true}]`.value).toBe('[]');
  });

  it('join escapes text parts and keeps Html parts', () => {
    expect(join(['<b>', new Html('<i>x</i>')]).value).toBe('&lt;b&gt;<i>x</i>');
  });
});
