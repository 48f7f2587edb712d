import { emptyFacts, withFixedLayout, type FileFacts, type SourceFile } from '../model/workspace';
import { commentStyleOf } from '../suppress/comment-style';
import { scanCommentDirectives } from '../suppress/scan-comments';
import { readCdkFile } from './cdk/read-cdk';
import { DEFAULT_LIMITS, isTooDeep, looksLikeHelmTemplate, skipReason, TOO_DEEP, withLfLineBreaks, type ReadLimits } from './guards';
import { readTerraformFile } from './terraform/read-terraform';
import type { GrammarName } from './tree-sitter';
import { readYamlFile } from './yaml-file';

export function isYamlPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

const TERRAFORM = /\.(tf|tfvars)$/i;
/** CloudFormation JSON: `*.template.json` (cdk synth output), `*.template`, and any .json that turns out to be one. */
const JSON_TEMPLATE = /\.(json|template)$/i;
const CDK = /\.(ts|py)$/i;
/** Terraform templates (`templatefile()`): `.tftpl` as Terraform recommends, and the common `values.yaml.tpl`. */
const TEMPLATE = /\.(tftpl|tpl|tmpl)$/i;

/** Whether a file is a Terraform template, kept as text for `templatefile()` and read by nothing else. */
export function isTemplatePath(path: string): boolean {
  return TEMPLATE.test(path);
}

/** Whether some reader handles this path; callers use it to choose which files to pass in. */
export function isAnalysablePath(path: string): boolean {
  return isYamlPath(path) || TERRAFORM.test(path) || TEMPLATE.test(path) || JSON_TEMPLATE.test(path) || (CDK.test(path) && !/\.d\.ts$/i.test(path));
}

/** A cheap look before a full parse: cdk.out's tree.json and manifest.json mention AWS:: types but are not templates. */
function looksLikeTemplate(file: SourceFile): boolean {
  if (/(^|\/)cdk\.out\/(tree|manifest)\.json$/i.test(file.path)) return false;
  return file.text.includes('AWS::') && /"Resources"\s*:|^Resources\s*:/m.test(file.text);
}

/**
 * Dispatches a file to its reader by name (and, for JSON and code, by a cheap look at the text), then
 * records its suppression comments. Lone CRs are line breaks (YAML 1.2): they are read as LF, which
 * keeps every offset. Never throws.
 */
export function readFile(source: SourceFile, limits: ReadLimits = DEFAULT_LIMITS): FileFacts {
  const file = { ...source, text: withLfLineBreaks(source.text) };
  const facts = readFacts(file, limits);
  // A file Hairpin did not read (too large, binary, a Helm template) has no findings to suppress.
  const style = commentStyleOf(file.path, file.language);
  if (!style || facts.notices.some((n) => n.skipped === 'file')) return withFixedLayout(facts);
  const comments = scanCommentDirectives(file.path, file.text, style);
  if (comments.length > 0) facts.suppressions = [...comments, ...(facts.suppressions ?? [])];
  return withFixedLayout(facts);
}

/**
 * The tree-sitter grammar `readFile` will need for this file, by the same dispatch as below; undefined
 * for YAML and JSON. A host loads only these (a tree without Terraform or CDK code loads none).
 */
export function grammarFor(file: SourceFile): GrammarName | undefined {
  if (file.language === 'yaml' || isYamlPath(file.path)) return undefined;
  if (TERRAFORM.test(file.path)) return 'hcl';
  if (JSON_TEMPLATE.test(file.path)) return undefined;
  if (CDK.test(file.path) && /elasticloadbalancingv2/.test(file.text)) return file.path.toLowerCase().endsWith('.py') ? 'python' : 'typescript';
  return undefined;
}

function readFacts(file: SourceFile, limits: ReadLimits): FileFacts {
  const skip = skipReason(file, limits);
  if (skip) return { ...emptyFacts(file.path), notices: [skip] };
  try {
    // YAML and templates keep their text: a Terraform file() / templatefile() may read them as chart values.
    if (file.language === 'yaml' || isYamlPath(file.path)) return { ...readYamlFile(file), text: file.text };
    // A Go template (a chart's `_helpers.tpl`) is nothing Terraform renders: read silently, as nothing.
    if (TEMPLATE.test(file.path)) return looksLikeHelmTemplate(file) ? emptyFacts(file.path) : { ...emptyFacts(file.path), text: file.text };
    if (TERRAFORM.test(file.path)) return readTerraformFile(file);
    if (JSON_TEMPLATE.test(file.path)) return looksLikeTemplate(file) ? readYamlFile(file) : emptyFacts(file.path);
    if (CDK.test(file.path) && /elasticloadbalancingv2/.test(file.text)) return readCdkFile(file, file.path.toLowerCase().endsWith('.py') ? 'python' : 'typescript');
  } catch (err) {
    // A reader bug must not take the server down; the file is reported, the rest goes on.
    const message = (err as Error).message;
    return { ...emptyFacts(file.path), notices: [{ file: file.path, level: 'error', skipped: 'file', message: isTooDeep(message) ? `Skipped: ${TOO_DEEP}.` : `Internal error while reading: ${message}` }] };
  }
  return emptyFacts(file.path);
}
