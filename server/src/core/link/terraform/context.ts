import type { TfAttachmentFact, TfBlock, TfHelmReleaseFact, TfListenerFact, TfValue } from '../../model/terraform';
import type { FileFacts } from '../../model/workspace';
import type { Span } from '../../text/span';
import type { Evaluate } from './evaluate';
import type { WorkspaceTexts } from './file-functions';
import type { FieldSource } from './fields';
import type { Located, ModuleScope } from './module-scope';
import { entryOf } from './values';

/** One module being evaluated: its scope, an evaluator, and what it has produced so far. */
export interface ModuleContext {
  readonly scope: ModuleScope;
  readonly evaluate: Evaluate;
  /** The workspace's YAML and template files, for `file()` / `templatefile()`. */
  readonly files: WorkspaceTexts;
  readonly facts: FileFacts;
  readonly listeners: TfListenerFact[];
  readonly attachments: TfAttachmentFact[];
  readonly helmReleases: TfHelmReleaseFact[];
}

/** `tf:<module folder>:<address>`: ids other readers and references resolve to without lookup tables. */
export function tfId(ctx: ModuleContext, address: string): string {
  const instance = ctx.scope.instance;
  return instance ? `tf:${instance.root}:${instance.prefix}${address}` : `tf:${ctx.scope.folder}:${address}`;
}

/** A resource or module block as a source of settings; attributes are evaluated on demand, once. */
export function blockSource(ctx: ModuleContext, located: Located<TfBlock>, block: TfBlock = located.node): FieldSource {
  const cache = new Map<string, TfValue | undefined>();
  return {
    file: located.file,
    head: block.head,
    ...(located.node.brokenAt ? { brokenAt: located.node.brokenAt } : {}),
    notices: ctx.facts.notices,
    get(name) {
      if (!cache.has(name)) {
        const attr = block.body?.attributes.find((a) => a.name === name);
        cache.set(name, attr ? ctx.evaluate(attr.value) : undefined);
      }
      return cache.get(name);
    },
  };
}

/** An evaluated object (a module's map entry) as a source of settings; defaults go to `head`. */
export function objectSource(ctx: ModuleContext, file: string, value: TfValue, head: Span): FieldSource {
  return { file, head, notices: ctx.facts.notices, get: (name) => entryOf(value, name)?.value };
}

/** `count = 0` or an empty `for_each`: the resource is not created. */
export function isDisabled(ctx: ModuleContext, block: TfBlock): boolean {
  const count = block.body?.attributes.find((a) => a.name === 'count');
  if (count) {
    const v = ctx.evaluate(count.value);
    if (v.kind === 'scalar' && (v.value === 0 || v.value === false)) return true;
  }
  const forEach = block.body?.attributes.find((a) => a.name === 'for_each');
  if (forEach) {
    const v = ctx.evaluate(forEach.value);
    if ((v.kind === 'object' && v.entries.length === 0) || (v.kind === 'tuple' && v.items.length === 0)) return true;
  }
  return false;
}

/** The resource address a value refers to (`aws_lb_target_group.x` for `aws_lb_target_group.x.arn`). */
export function refAddress(v: TfValue | undefined): string | undefined {
  return v?.kind === 'ref' ? v.address : undefined;
}
