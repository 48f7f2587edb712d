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

/**
 * Reads the tree-sitter wasm files: from `dir` (dist/grammars next to the bundle) when present,
 * otherwise from node_modules (running from source).
 */
export function readGrammarBytes(dir: string, nodeModules: string): GrammarBytes {
  const read = (key: keyof typeof FILES) => {
    const [pkg, file] = FILES[key];
    const bundled = join(dir, file);
    return new Uint8Array(readFileSync(existsSync(bundled) ? bundled : join(nodeModules, pkg, file)));
  };
  return { runtime: read('runtime'), grammars: { hcl: read('hcl'), typescript: read('typescript'), python: read('python') } };
}
