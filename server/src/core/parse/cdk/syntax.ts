import type { Span } from '../../text/span';
import type { SyntaxNode } from '../tree-sitter';
import type { CallExpr, Expr } from './expr';

/** A call or `new` whose callee's last name is one the reader looks for. */
export interface CallSite {
  readonly call: CallExpr;
  /** The variable the result is assigned to (`nlb`, `this.nlb`, `self.nlb`), if any. */
  readonly assignedTo?: string;
}

export type ParameterKind = 'constructor' | 'function';

/**
 * What the construct reader needs from one source file, whatever its language. Implementations walk
 * a live tree-sitter tree, so a CdkSyntax is only valid inside `withTree`.
 */
export interface CdkSyntax {
  readonly file: string;
  /** Calls whose callee's last name, in camelCase, is in `names`; in source order. */
  calls(names: ReadonlySet<string>): CallSite[];
  /** What was last assigned to `name` (`crossZone`, `this.nlb`) before `offset`: local constant propagation. */
  binding(name: string, before: number): Expr | undefined;
  /** Whether `name` is a parameter of a constructor or another function somewhere in the file. */
  parameter(name: string): ParameterKind | undefined;
  /** Renamed named imports of the elbv2 module: local name -> exported class name. */
  readonly classAliases: ReadonlyMap<string, string>;
  /** Where the parser first had to recover from a syntax error, if anywhere. */
  readonly firstError?: Span;
}

/** Assignments by name, in source order, converted to expressions only when asked for. */
export class BindingIndex {
  private readonly byName = new Map<string, { offset: number; node: SyntaxNode }[]>();

  constructor(private readonly convert: (node: SyntaxNode) => Expr) {}

  /** Callers add in source order (tree-sitter's descendant order), so each list stays sorted by offset. */
  add(name: string, offset: number, value: SyntaxNode): void {
    const list = this.byName.get(name);
    if (list) list.push({ offset, node: value });
    else this.byName.set(name, [{ offset, node: value }]);
  }

  find(name: string, before: number): Expr | undefined {
    const list = this.byName.get(name);
    if (!list) return undefined;
    // The last assignment that starts before `before`.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.offset < before) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? this.convert(list[lo - 1]!.node) : undefined;
  }
}

/** Tree-sitter's first ERROR or MISSING node, for a notice that parsing recovered. */
export function firstErrorNode(root: SyntaxNode): SyntaxNode | undefined {
  if (!root.hasError) return undefined;
  let node: SyntaxNode | null = root;
  while (node) {
    if (node.type === 'ERROR' || node.isMissing) return node;
    node = node.children.find((c) => c.hasError || c.isMissing) ?? null;
  }
  return undefined;
}

/** One conversion per node: the calls and the constants that hold them share it. */
export function memoizedExpr(file: string, toExpr: (file: string, node: SyntaxNode) => Expr): (node: SyntaxNode) => Expr {
  const memo = new Map<number, Expr>();
  return (node) => {
    let e = memo.get(node.id);
    if (!e) memo.set(node.id, (e = toExpr(file, node)));
    return e;
  };
}
