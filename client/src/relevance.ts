/**
 * Whether an open document could define (part of) an NLB, so that opening it should start the language
 * server. Decided cheaply, without parsing: by language and path, and for JSON, TypeScript and Python by
 * a look at the first 64 KB of text. Pure, so it is tested without VS Code.
 *
 * - YAML: always (Kubernetes manifests, Istio, chart values, CloudFormation, `.hairpin.yaml`);
 * - Terraform (`.tf`, `.tfvars`, or the `terraform`/`hcl` language ids): always;
 * - JSON: `*.template.json`, anything under `cdk.out/` except its tree.json/manifest.json, or text that
 *   mentions `AWSTemplateFormatVersion` or an `AWS::ElasticLoadBalancingV2::` type;
 * - `*.template`: when its text mentions `AWS::`;
 * - TypeScript and Python: a CDK file, i.e. one whose text mentions the `aws-elasticloadbalancingv2`
 *   module (`aws_elasticloadbalancingv2` in Python). Declaration files (`.d.ts`) never.
 */
export interface DocumentSketch {
  readonly languageId: string;
  /** The URI's path (`/a/b/c.ts`); only its name and folders are looked at. */
  readonly path: string;
  /** Only the start is read. */
  readonly text: string;
  readonly scheme?: string;
}

const SNIFF_CHARS = 64 * 1024;
const CDK_MODULE = /aws[-_]elasticloadbalancingv2/;
const CFN_JSON = /"AWSTemplateFormatVersion"|AWS::ElasticLoadBalancingV2::/;

export function isRelevantDocument(doc: DocumentSketch): boolean {
  if (doc.scheme !== undefined && doc.scheme !== 'file' && doc.scheme !== 'untitled') return false;
  const path = doc.path.toLowerCase();
  const head = () => doc.text.slice(0, SNIFF_CHARS);
  if (doc.languageId === 'yaml' || /\.ya?ml$/.test(path)) return true;
  if (doc.languageId === 'terraform' || doc.languageId === 'hcl' || /\.(tf|tfvars)$/.test(path)) return true;
  if (/\.d\.ts$/.test(path)) return false;
  if (doc.languageId === 'typescript' || doc.languageId === 'python' || /\.(ts|py)$/.test(path)) return CDK_MODULE.test(head());
  if (/\.template$/.test(path)) return head().includes('AWS::');
  if (doc.languageId === 'json' || doc.languageId === 'jsonc' || /\.json$/.test(path)) {
    if (/(^|\/)cdk\.out\/(tree|manifest)\.json$/.test(path)) return false;
    if (/\.template\.json$/.test(path) || /(^|\/)cdk\.out\//.test(path)) return true;
    return CFN_JSON.test(head());
  }
  return false;
}
