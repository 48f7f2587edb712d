import { join } from 'node:path';
import { initTreeSitter } from '../../server/src/core/parse/tree-sitter';
import { readGrammarBytes } from '../../server/src/host/grammars';

const ROOT = join(__dirname, '..', '..');

/** Loads the tree-sitter grammars from node_modules, as the CLI and server do from dist/grammars. */
export function initTestGrammars(): Promise<void> {
  return initTreeSitter(readGrammarBytes(join(ROOT, 'dist', 'grammars'), join(ROOT, 'node_modules')));
}
