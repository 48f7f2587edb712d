import type { Document } from 'yaml';
import type { FileFacts } from '../../model/workspace';

/** Whether a parsed YAML/JSON document is a CloudFormation template. */
export function isCloudFormation(doc: Document): boolean {
  const root = doc.contents as { items?: { key?: { value?: unknown } }[] } | null;
  return !!root?.items?.some((p) => p.key?.value === 'AWSTemplateFormatVersion' || p.key?.value === 'Resources');
}

/** Reads the NLB resources of one CloudFormation template document into `facts`. */
export function readCloudFormationDocument(_doc: Document, _file: string, _text: string, _facts: FileFacts): void {}
