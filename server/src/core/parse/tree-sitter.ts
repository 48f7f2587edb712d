import { Language, Parser, type Node } from 'web-tree-sitter';

export type GrammarName = 'hcl' | 'typescript' | 'python';

/** The wasm bytes callers pass in: core never reads files, so the host loads them. */
export interface GrammarBytes {
  readonly runtime: Uint8Array;
  readonly grammars: Partial<Record<GrammarName, Uint8Array>>;
}

const languages = new Map<GrammarName, Language>();
let parser: Parser | undefined;
let initializing: Promise<void> | undefined;

/** Loads the tree-sitter runtime and grammars once; later calls wait for the first. */
export function initTreeSitter(bytes: GrammarBytes): Promise<void> {
  initializing ??= (async () => {
    await Parser.init({ wasmBinary: bytes.runtime });
    for (const [name, wasm] of Object.entries(bytes.grammars) as [GrammarName, Uint8Array][]) {
      languages.set(name, await Language.load(wasm));
    }
    parser = new Parser();
  })();
  return initializing;
}

export function hasGrammar(name: GrammarName): boolean {
  return parser !== undefined && languages.has(name);
}

/**
 * Parses `text` and hands the root node to `read`. The tree is always deleted afterwards:
 * web-tree-sitter trees live in wasm memory and leak unless freed. Undefined when the grammar is not loaded.
 */
export function withTree<T>(name: GrammarName, text: string, read: (root: Node) => T): T | undefined {
  const language = languages.get(name);
  if (!parser || !language) return undefined;
  parser.setLanguage(language);
  const tree = parser.parse(text);
  if (!tree) return undefined;
  try {
    return read(tree.rootNode);
  } finally {
    tree.delete();
  }
}

export type { Node as SyntaxNode };
