import type { Notice, SourceFile } from '../model/workspace';

export interface ReadLimits {
  /** Files larger than this many UTF-16 code units are skipped with a notice. */
  readonly maxFileSize: number;
}

export const DEFAULT_LIMITS: ReadLimits = { maxFileSize: 2_000_000 };

/** Checks that apply before any parser sees a file; returns a notice when the file must be skipped. */
export function skipReason(file: SourceFile, limits: ReadLimits): Notice | undefined {
  if (file.text.length > limits.maxFileSize) {
    return { file: file.path, level: 'warning', skipped: 'file', message: `Skipped: ${file.text.length} characters is over the ${limits.maxFileSize}-character limit (--max-file-size).` };
  }
  if (file.text.includes('\u0000')) {
    // UTF-16 text without a byte-order mark decodes as UTF-8 with a NUL in every other place.
    const utf16 = /^(?:[^\u0000]\u0000){8}|^(?:\u0000[^\u0000]){8}/.test(file.text);
    const message = utf16 ? 'Skipped: looks like UTF-16 text without a byte-order mark; save it as UTF-8, or as UTF-16 with a BOM.' : 'Skipped: looks like a binary file (contains NUL bytes).';
    return { file: file.path, level: 'info', skipped: 'file', message };
  }
  return undefined;
}

/** Helm templates contain Go template actions; reading them as YAML would misread them. */
export function looksLikeHelmTemplate(file: SourceFile): boolean {
  return /\{\{-?\s|\{\{[.$\/a-zA-Z]/.test(file.text) || /(^|\/)templates\/[^/]+\.(ya?ml|tpl)$/.test(file.path) && file.text.includes('{{');
}

/** What the parser or a reader says when a document nests deeper than the JavaScript stack allows. */
export function isTooDeep(message: string): boolean {
  return /Maximum call stack size exceeded|too much recursion/i.test(message);
}

/** Deeper than any real manifest or template: readers recurse, so deeper documents are skipped up front. */
export const MAX_NESTING = 256;

export const TOO_DEEP = `the nesting is too deep for Hairpin to read (more than ${MAX_NESTING} levels of [ ], { } or indentation); the other documents of the file are still read`;

/**
 * YAML 1.2 (and every other format here) counts a lone CR as a line break; the readers do not all.
 * Replacing each lone CR by LF keeps every offset, so spans still point into the file as written.
 */
export function withLfLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}
