import { emptyFacts, type FileFacts, type SourceFile } from '../../model/workspace';

/** Reads a Terraform file (.tf, .tfvars) into raw per-file facts; models are built per module in link/terraform. */
export function readTerraformFile(file: SourceFile): FileFacts {
  return emptyFacts(file.path);
}
