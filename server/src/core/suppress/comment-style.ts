/** How line comments are written in a format Hairpin reads. */
export interface CommentStyle {
  /** Prefixes that start a whole-line comment. */
  readonly prefixes: readonly string[];
  /** The prefix Hairpin writes when it adds a suppression. */
  readonly insert: string;
}

const HASH: CommentStyle = { prefixes: ['#'], insert: '#' };
const SLASHES: CommentStyle = { prefixes: ['//'], insert: '//' };
/** HCL allows both; `#` is the Terraform style guide's choice. */
const HCL: CommentStyle = { prefixes: ['#', '//'], insert: '#' };

/**
 * File name → comment style. YAML covers Kubernetes, Istio, chart values and CloudFormation YAML;
 * `.template` may be YAML or JSON, and JSON has no comment line to confuse it with. CloudFormation
 * JSON (`.json`) has no comments at all, so it has no style and cannot carry a comment directive.
 */
const TABLE: readonly (readonly [RegExp, CommentStyle])[] = [
  [/\.(ya?ml|template)$/i, HASH],
  [/\.(tf|tfvars)$/i, HCL],
  [/\.py$/i, HASH],
  [/\.(ts|js|mjs|cjs)$/i, SLASHES],
];

export function commentStyleOf(file: string, language?: 'yaml'): CommentStyle | undefined {
  if (language === 'yaml') return HASH;
  return TABLE.find(([pattern]) => pattern.test(file))?.[1];
}
