import type { Document } from 'yaml';
import type { TargetGroupBindingFact } from '../model/kubernetes';
import { explicit, inferred } from '../model/sourced';
import { span } from '../text/span';
import { entry, nodeSpan, scalarNumber, scalarText } from './yaml-ast';

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
  };
}
