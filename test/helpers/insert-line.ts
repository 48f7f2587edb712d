import assert from 'node:assert/strict';
import type { SourceFile } from '../../server/src/core/model/workspace';

/** Inserts `line` above the first line of `file` that contains `anchor`, with that line's indentation. */
export function insertAbove(file: SourceFile, anchor: string, line: string): SourceFile {
  const lines = file.text.split('\n');
  const i = lines.findIndex((l) => l.includes(anchor));
  assert.ok(i >= 0, `fixture drift: no line of ${file.path} contains ${anchor}`);
  lines.splice(i, 0, `${/^\s*/.exec(lines[i]!)![0]}${line}`);
  return { ...file, text: lines.join('\n') };
}
