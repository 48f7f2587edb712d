import { folderOf } from '../../model/terraform';
import { emptyFacts, type FileFacts, type Notice, type SourceFile } from '../../model/workspace';
import { span } from '../../text/span';
import { hasGrammar } from '../tree-sitter';
import type { Problem } from './hcl-context';
import { readHcl } from './read-hcl';

/** More syntax errors than this in one file are summed up in one last notice. */
const MAX_SYNTAX_NOTICES = 5;

/**
 * Reads a Terraform file (.tf, .tfvars) into raw per-file facts: the blocks and attributes that can
 * matter, with spans, unevaluated. Models are built per module in link/terraform, so that one changed
 * file is re-read alone. Never throws: problems become notices.
 */
export function readTerraformFile(file: SourceFile): FileFacts {
  const facts = emptyFacts(file.path);
  if (!hasGrammar('hcl')) {
    facts.notices.push({ file: file.path, level: 'warning', skipped: 'file', message: 'Skipped: Terraform reading is unavailable (the HCL grammar is not loaded).' });
    return facts;
  }
  try {
    const read = readHcl(file.path, file.text);
    if (!read) {
      facts.notices.push({ file: file.path, level: 'warning', skipped: 'file', message: 'Skipped: the HCL parser returned no tree.' });
      return facts;
    }
    facts.notices.push(...syntaxNotices(file.path, read.problems));
    return { ...facts, terraform: { kind: 'file', folder: folderOf(file.path), variant: /\.tfvars$/i.test(file.path) ? 'tfvars' : 'tf', body: read.body } };
  } catch (err) {
    // A reader bug must not take the server down; the file is reported, the rest goes on.
    facts.notices.push({ file: file.path, level: 'error', skipped: 'file', message: `Internal error while reading Terraform: ${(err as Error).message}` });
    return facts;
  }
}

function syntaxNotices(file: string, problems: readonly Problem[]): Notice[] {
  const out: Notice[] = problems.slice(0, MAX_SYNTAX_NOTICES).map((p) => ({
    file,
    level: p.limit ? 'warning' : 'error',
    message: p.limit ? `Not read: ${p.message}.` : `HCL syntax error: ${p.message}. The rest of the file is still read.`,
    span: span(file, p.start, p.end),
  }));
  if (problems.length > MAX_SYNTAX_NOTICES) {
    const rest = problems[MAX_SYNTAX_NOTICES]!;
    out.push({ file, level: 'error', message: `${problems.length - MAX_SYNTAX_NOTICES} more HCL syntax errors in this file.`, span: span(file, rest.start, rest.end) });
  }
  return out;
}
