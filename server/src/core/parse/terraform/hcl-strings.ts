/** HCL string escapes: what a quoted string or heredoc literal means, from its source text. */

export interface Decoded {
  readonly value: string;
  /** True when the value is the source text unchanged, so value[i] sits at source offset start + i. */
  readonly exact: boolean;
}

const SIMPLE: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Decodes a quoted-string literal: `\n \r \t \" \\ \uNNNN \UNNNNNNNN`, and `$${` / `%%{` for literal `${` / `%{`. */
export function decodeQuoted(raw: string): Decoded {
  if (!raw.includes('\\') && !raw.includes('$${') && !raw.includes('%%{')) return { value: raw, exact: true };
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '\\' && i + 1 < raw.length) {
      const n = raw[i + 1]!;
      if (Object.hasOwn(SIMPLE, n)) {
        out += SIMPLE[n];
        i++;
        continue;
      }
      const len = n === 'u' ? 4 : n === 'U' ? 8 : 0;
      const hex = raw.slice(i + 2, i + 2 + len);
      if (len > 0 && hex.length === len && /^[0-9a-fA-F]+$/.test(hex)) {
        const cp = parseInt(hex, 16);
        out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
        i += 1 + len;
        continue;
      }
    }
    if ((c === '$' || c === '%') && raw[i + 1] === c && raw[i + 2] === '{') {
      out += `${c}{`;
      i += 2;
      continue;
    }
    out += c;
  }
  return { value: out, exact: false };
}

/** Heredocs take no backslash escapes; only `$${` and `%%{` are unescaped. */
export function decodeHeredoc(raw: string): Decoded {
  if (!raw.includes('$${') && !raw.includes('%%{')) return { value: raw, exact: true };
  return { value: raw.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{'), exact: false };
}

/** Leading spaces common to every non-blank line: what `<<-` removes. */
export function commonIndent(content: string): number {
  let min = Infinity;
  for (const line of content.split('\n')) {
    if (line.trim() === '') continue;
    const n = line.length - line.trimStart().length;
    if (n < min) min = n;
  }
  return min === Infinity ? 0 : min;
}

/** Removes up to `n` leading whitespace characters from each line of `text`; `atLineStart` says whether text[0] begins a line. */
export function stripIndent(text: string, n: number, atLineStart: boolean): string {
  if (n === 0) return text;
  return text
    .split('\n')
    .map((line, i) => (i === 0 && !atLineStart ? line : line.slice(Math.min(n, line.length - line.trimStart().length))))
    .join('\n');
}
