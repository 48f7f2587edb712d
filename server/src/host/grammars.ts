import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GrammarBytes, GrammarName } from '../core/parse/tree-sitter';

/** Where each wasm file lives in node_modules, and its name in dist/grammars/ (scripts/build.mjs copies the same list). */
const FILES: Record<'runtime' | GrammarName, [pkg: string, file: string]> = {
  runtime: ['web-tree-sitter', 'web-tree-sitter.wasm'],
  hcl: ['@tree-sitter-grammars/tree-sitter-hcl', 'tree-sitter-hcl.wasm'],
  typescript: ['tree-sitter-typescript', 'tree-sitter-typescript.wasm'],
  python: ['tree-sitter-python', 'tree-sitter-python.wasm'],
};

const ALL: readonly GrammarName[] = ['hcl', 'typescript', 'python'];

/**
 * Reads the tree-sitter wasm files: from `dir` (dist/grammars next to the bundle) when present,
 * otherwise from node_modules (running from source). `only`: just these grammars (the CLI names those
 * its files need: compiling the TypeScript and Python grammars costs more than reading a thousand files).
 */
export function readGrammarBytes(dir: string, nodeModules: string, only: Iterable<GrammarName> = ALL): GrammarBytes {
  const read = (key: keyof typeof FILES) => {
    const [pkg, file] = FILES[key];
    const bundled = join(dir, file);
    return new Uint8Array(readFileSync(existsSync(bundled) ? bundled : join(nodeModules, pkg, file)));
  };
  const grammars: Partial<Record<GrammarName, Uint8Array>> = {};
  for (const name of only) grammars[name] = read(name);
  return { runtime: read('runtime'), grammars };
}
