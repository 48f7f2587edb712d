import type { Resource } from './template';

/** `cfn:<file>:<LogicalId>`: how listeners, target groups and load balancers of a template refer to each other. */
export function cfnId(file: string, logicalId: string): string {
  return `cfn:${file}:${logicalId}`;
}

/** The name people know a resource by: its CDK construct path in `cdk synth` output, else the logical id. */
export function resourceName(res: Resource): string {
  return res.cdkPath ? res.cdkPath.replace(/\/(Resource|Default)$/, '') : res.logicalId;
}
