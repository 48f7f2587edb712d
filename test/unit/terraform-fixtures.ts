import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { terraformFacts } from '../../server/src/core/link/terraform/terraform-facts';
import type { FileFacts, SourceFile } from '../../server/src/core/model/workspace';
import { readFile } from '../../server/src/core/parse/read-file';
import type { Span } from '../../server/src/core/text/span';
import { FIXTURES, fixture } from '../helpers/fixtures';

/** The files of one Terraform fixture module (a folder under test/fixtures/terraform). */
export function tfFolder(name: string): SourceFile[] {
  return readdirSync(join(FIXTURES, 'terraform', name))
    .sort()
    .map((f) => fixture(`terraform/${name}/${f}`));
}

/** Reads the files and evaluates their modules: one FileFacts per folder. */
export function evaluate(files: readonly SourceFile[]): FileFacts[] {
  return terraformFacts(files.map((f) => readFile(f)));
}

/** The module facts of one fixture folder, and a way to slice its files' text by span. */
export function tfModule(name: string): { facts: FileFacts; at: (span: Span | undefined) => string } {
  const files = tfFolder(name);
  const [facts] = evaluate(files);
  if (!facts) throw new Error(`no module for ${name}`);
  return { facts, at: sliceOf(files) };
}

export function sliceOf(files: readonly SourceFile[]): (span: Span | undefined) => string {
  return (span) => {
    if (!span) return '(no span)';
    const f = files.find((x) => x.path === span.file);
    return f ? f.text.slice(span.start, span.end) : `(no file ${span.file})`;
  };
}
