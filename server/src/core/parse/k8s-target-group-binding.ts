import type { Document } from 'yaml';
import type { TargetGroupBindingFact } from '../model/kubernetes';
import { isSeq } from 'yaml';
import type { LabelRequirement, NodeSelector } from '../model/node-selector';
import { explicit, inferred, type Sourced } from '../model/sourced';
import { span } from '../text/span';
import { entries, entry, nodeSpan, scalarNumber, scalarText } from './yaml-ast';

/** `elbv2.k8s.aws/v1beta1 TargetGroupBinding`: a target group made elsewhere, bound to a Service. */
export function readTargetGroupBinding(doc: Document, file: string): TargetGroupBindingFact | undefined {
  const root = doc.contents;
  if (scalarText(entry(root, 'kind')?.value) !== 'TargetGroupBinding') return undefined;
  const metadata = entry(root, 'metadata')?.value;
  const nameEntry = entry(metadata, 'name');
  const spec = entry(root, 'spec')?.value;
  const arnEntry = entry(spec, 'targetGroupARN');
  const nameRef = entry(spec, 'targetGroupName');
  const arn = scalarText(arnEntry?.value);
  const tgName = scalarText(nameRef?.value);
  const arnName = arn?.match(/:targetgroup\/([^/]+)\//)?.[1];
  const tt = scalarText(entry(spec, 'targetType')?.value);
  const serviceRef = entry(spec, 'serviceRef')?.value;
  const portEntry = entry(serviceRef, 'port');
  const port = scalarNumber(portEntry?.value) ?? scalarText(portEntry?.value);
  return {
    file,
    head: nodeSpan(file, nameEntry?.value) ?? nodeSpan(file, entry(root, 'kind')?.value as never) ?? span(file, 0, 0),
    name: scalarText(nameEntry?.value) ?? '(unnamed)',
    namespace: scalarText(entry(metadata, 'namespace')?.value) ?? 'default',
    ...(arn !== undefined ? { targetGroupArn: explicit(arn, nodeSpan(file, arnEntry?.value as never)) } : {}),
    ...(tgName !== undefined
      ? { targetGroupName: explicit(tgName, nodeSpan(file, nameRef?.value as never)) }
      : arnName !== undefined
        ? { targetGroupName: inferred(arnName, 'the target group name inside targetGroupARN', nodeSpan(file, arnEntry?.value as never)) }
        : {}),
    ...(tt === 'instance' || tt === 'ip' ? { targetType: explicit(tt, nodeSpan(file, entry(spec, 'targetType')?.value as never)) } : {}),
    serviceName: scalarText(entry(serviceRef, 'name')?.value) ?? '',
    ...(port !== undefined && port !== '' ? { servicePort: explicit<number | string>(port, nodeSpan(file, portEntry?.value as never)) } : {}),
    ...nodeSelectorOf(entry(spec, 'nodeSelector')?.value, file),
  };
}

const OPERATORS: readonly LabelRequirement['operator'][] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** `spec.nodeSelector` as a label selector: `matchLabels` and `matchExpressions`; an entry it cannot read selects nothing. */
function nodeSelectorOf(node: unknown, file: string): { nodeSelector?: Sourced<NodeSelector> } {
  if (node == null) return {};
  const matchLabels = new Map<string, string>();
  for (const e of entries(entry(node, 'matchLabels')?.value)) matchLabels.set(e.key, scalarText(e.value) ?? '');
  const matchExpressions: LabelRequirement[] = [];
  const exprs = entry(node, 'matchExpressions')?.value;
  for (const item of isSeq(exprs) ? exprs.items : []) {
    const key = scalarText(entry(item, 'key')?.value);
    const op = scalarText(entry(item, 'operator')?.value) as LabelRequirement['operator'] | undefined;
    const valuesNode = entry(item, 'values')?.value;
    const values = isSeq(valuesNode) ? valuesNode.items.map((v) => scalarText(v) ?? '') : [];
    // An expression Kubernetes would reject cannot match any node.
    if (key === undefined || op === undefined || !OPERATORS.includes(op)) matchExpressions.push({ key: key ?? '', operator: 'In', values: [] });
    else matchExpressions.push({ key, operator: op, values });
  }
  const selector: NodeSelector = { matchLabels: Object.fromEntries(matchLabels), ...(matchExpressions.length ? { matchExpressions } : {}) };
  return { nodeSelector: explicit(selector, nodeSpan(file, node as never)) };
}
