import type { Document, Node } from 'yaml';
import type { Notice } from '../../model/workspace';
import { span, type Span } from '../../text/span';
import { entries, entry, nodeSpan, scalarText } from '../yaml-ast';

export const LB_TYPE = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
export const TG_TYPE = 'AWS::ElasticLoadBalancingV2::TargetGroup';
export const LISTENER_TYPE = 'AWS::ElasticLoadBalancingV2::Listener';

export interface Resource {
  readonly logicalId: string;
  /** The logical id key: where findings go when the deciding value is an unwritten default. */
  readonly head: Span;
  /** The logical id and everything under it. */
  readonly extent: Span;
  readonly type: string;
  readonly typeSpan: Span | undefined;
  readonly properties: Node | null;
  /** `Metadata.aws:cdk:path` of `cdk synth` output, e.g. `Stack/Nlb/Resource`. */
  readonly cdkPath?: string;
}

export interface Parameter {
  readonly name: string;
  readonly defaultNode?: Node | null;
}

/** One template document with what the resource readers share: resources, parameters, notices. */
export interface Template {
  readonly file: string;
  readonly text: string;
  readonly resources: ReadonlyMap<string, Resource>;
  readonly parameters: ReadonlyMap<string, Parameter>;
  /** The `Mappings` section, for Fn::FindInMap. */
  readonly mappings: Node | null;
  readonly notices: Notice[];
}

export function readTemplate(doc: Document, file: string, text: string, notices: Notice[]): Template {
  const root = doc.contents;
  const resources = new Map<string, Resource>();
  for (const e of entries(entry(root, 'Resources')?.value)) {
    const type = entry(e.value, 'Type');
    const cdkPath = scalarText(entry(entry(e.value, 'Metadata')?.value, 'aws:cdk:path')?.value);
    resources.set(e.key, {
      logicalId: e.key,
      head: nodeSpan(file, e.keyNode) ?? span(file, 0, 0),
      extent: extentOf(file, e.keyNode, e.value),
      type: scalarText(type?.value) ?? '',
      typeSpan: nodeSpan(file, type?.value),
      properties: entry(e.value, 'Properties')?.value ?? null,
      ...(cdkPath ? { cdkPath } : {}),
    });
  }
  const parameters = new Map<string, Parameter>();
  for (const e of entries(entry(root, 'Parameters')?.value)) {
    const d = entry(e.value, 'Default');
    parameters.set(e.key, d ? { name: e.key, defaultNode: d.value } : { name: e.key });
  }
  return { file, text, resources, parameters, mappings: entry(root, 'Mappings')?.value ?? null, notices };
}

/** A node's span, widened to the short intrinsic tag before it (`!Ref X`, not just `X`). */
export function fullSpan(tpl: Template, node: Node | null | undefined): Span | undefined {
  const s = nodeSpan(tpl.file, node);
  if (!s || !node || typeof node.tag !== 'string' || !node.tag.startsWith('!')) return s;
  let i = s.start;
  while (i > 0 && /\s/.test(tpl.text[i - 1]!)) i--;
  const tagStart = i - node.tag.length;
  return tagStart >= 0 && tpl.text.slice(tagStart, i) === node.tag ? span(tpl.file, tagStart, s.end) : s;
}

/** The source text of a span on one line, shortened for messages. */
export function excerpt(tpl: Template, s: Span | undefined): string {
  if (!s) return '(unknown)';
  const raw = tpl.text.slice(s.start, Math.min(s.end, s.start + 200)).replace(/\s+/g, ' ').trim();
  return raw.length > 60 ? `${raw.slice(0, 57)}...` : raw;
}

/** From the logical id key to the end of its value. */
function extentOf(file: string, key: Parameters<typeof nodeSpan>[1], value: Parameters<typeof nodeSpan>[1]): Span {
  const k = nodeSpan(file, key);
  const v = nodeSpan(file, value);
  return span(file, k?.start ?? v?.start ?? 0, v?.end ?? k?.end ?? 0);
}
