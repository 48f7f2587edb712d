import type { SyntaxNode } from '../tree-sitter';

/**
 * A tree-sitter node copied into plain objects in one cursor walk. Reading a web-tree-sitter Node's
 * type or children crosses into wasm and allocates on every access; the converter looks at each node
 * several times, so one copy is several times cheaper. It has the few members the converter uses.
 */
export interface PlainNode {
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly isMissing: boolean;
  readonly isError: boolean;
  /** This node or one below it is an error or a missing node. */
  hasError: boolean;
  readonly children: PlainNode[];
}

/** Deeper trees are cut here (the converter gives up far earlier); a cut node keeps its error flag. */
const MAX_TREE_DEPTH = 1000;

/**
 * Copies `root` without recursion. `skip` is asked about each node before its children are copied;
 * skipped nodes keep only their own range, type and error flag (used for resources nothing reads).
 */
export function copyTree(root: SyntaxNode, skip: (node: PlainNode, depth: number) => boolean): PlainNode {
  const checkMissing = root.hasError;
  const cursor = root.walk();
  try {
    const make = (): PlainNode => {
      const type = cursor.nodeType;
      const missing = checkMissing && cursor.nodeIsMissing;
      const isError = type === 'ERROR';
      return { type, startIndex: cursor.startIndex, endIndex: cursor.endIndex, isMissing: missing, isError, hasError: isError || missing, children: [] };
    };
    const top = make();
    const stack: PlainNode[] = [top];
    const finish = (node: PlainNode) => {
      const parent = stack[stack.length - 1];
      if (parent && node.hasError) parent.hasError = true;
    };
    // Enter the current node's children unless skipped or too deep; the error flag then comes from
    // tree-sitter. A skipped node with an error inside is copied anyway, so the error has a position.
    const enter = (node: PlainNode): boolean => {
      const depth = stack.length - 1;
      if (depth > MAX_TREE_DEPTH || skip(node, depth)) {
        if (checkMissing && !node.hasError) node.hasError = cursor.currentNode.hasError;
        if (!node.hasError || depth > MAX_TREE_DEPTH) return false;
      }
      return cursor.gotoFirstChild();
    };
    let current = top;
    for (;;) {
      if (enter(current)) {
        current = make();
        stack[stack.length - 1]!.children.push(current);
        stack.push(current);
        continue;
      }
      // Leave finished nodes until one has a next sibling.
      for (;;) {
        const done = stack.pop()!;
        finish(done);
        if (stack.length === 0) return top;
        if (cursor.gotoNextSibling()) {
          current = make();
          stack[stack.length - 1]!.children.push(current);
          stack.push(current);
          break;
        }
        cursor.gotoParent();
      }
    }
  } finally {
    cursor.delete();
  }
}
