import type { ListenerModel, LoadBalancerModel, TargetGroupModel } from '../../model/nlb';
import { byDefault, explicit, type Sourced } from '../../model/sourced';
import type { TfBlock, TfValue } from '../../model/terraform';
import { isAlbModuleFolder, moduleSource } from './module-sources';
import type { ModuleFolders } from './terraform-facts';
import type { Span } from '../../text/span';
import { blockSource, isDisabled, objectSource, tfId, type ModuleContext } from './context';
import { asNumber, asPort, asString, read, type FieldSource } from './fields';
import { readListenerTimeout } from './listener-timeout';
import { readLoadBalancerSettings, readTargetGroupSettings, type TargetGroupDialect } from './target-group-settings';
import { readAlbModuleV8 } from './alb-module-v8';
import { ALB_MODULE, implicitListeners, recordAttachment, unknownInput, type AlbModule } from './alb-module-common';

export const ALB_REGISTRY = /^(?:[\w.-]+\/)?terraform-aws-modules\/alb\/aws(?:\/\/)?(?:\?.*)?$/;
export const ALB_GIT = /terraform-aws-modules\/terraform-aws-alb(?:\.git)?(?:\/\/)?(?:\?.*)?$/;

/**
 * `module "x" { source = "terraform-aws-modules/alb/aws" }` with `load_balancer_type = "network"`:
 * an NLB with the module's own defaults (cross-zone on since v9), its `target_groups` and `listeners`.
 */
export function readAlbModules(ctx: ModuleContext, modules?: ModuleFolders): void {
  for (const [name, located] of ctx.scope.modules) {
    const src = blockSource(ctx, located);
    const source = src.get('source');
    if (source?.kind !== 'scalar' || typeof source.value !== 'string') continue;
    if (!(ALB_REGISTRY.test(source.value) || ALB_GIT.test(source.value) || isLocalAlbModule(located.node, ctx.scope.folder, modules))) continue;
    if (isDisabled(ctx, located.node)) continue;
    const major = majorVersion(src.get('version'), source.value, src.get('target_groups'));
    const create = src.get(major >= 9 ? 'create' : 'create_lb');
    if (create?.kind === 'scalar' && create.value === false) continue;
    const head = located.node.head;
    const type = read(src, 'load_balancer_type', asString, byDefault('application', `${ALB_MODULE}: load_balancer_type defaults to application`, head));
    if (type.value !== 'network' || type.origin === 'assumed') {
      if (type.origin === 'assumed') ctx.facts.notices.push({ file: located.file, level: 'info', message: `module.${name}: load_balancer_type is not known before apply (${type.why}); not analysed as a Network Load Balancer.`, span: type.span ?? head });
      continue;
    }
    const crossZoneDefault =
      major >= 9
        ? byDefault(true, `${ALB_MODULE} (v9+): enable_cross_zone_load_balancing defaults to true, unlike AWS, where it is off for Network Load Balancers`, head)
        : byDefault(false, `${ALB_MODULE} before v9: enable_cross_zone_load_balancing defaults to false`, head);
    const { scheme, crossZone } = readLoadBalancerSettings(src, crossZoneDefault, ALB_MODULE);
    const prefix = `module.${name}`;
    const lb: LoadBalancerModel = { id: tfId(ctx, `${prefix}.aws_lb.this`), name: prefix, file: located.file, head, manager: explicit('terraform', head, ALB_MODULE), scheme, crossZone };
    ctx.facts.loadBalancers.push(lb);
    const mod: AlbModule = { ctx, name, located, src, lb, prefix };
    if (major >= 9) readV9(mod);
    else readAlbModuleV8(mod);
  }
}

/** The major version from `version = "~> 9.0"` or a git `?ref=v9.1.0`; otherwise from the shape of target_groups (a list before v9). */
/** `source = "../../"` in the module's own examples: a local folder that holds terraform-aws-alb. */
function isLocalAlbModule(block: TfBlock, folder: string, modules: ModuleFolders | undefined): boolean {
  const src = moduleSource(block, folder);
  const members = src.kind === 'local' ? modules?.get(src.folder) : undefined;
  return members !== undefined && isAlbModuleFolder(members);
}

function majorVersion(version: TfValue | undefined, source: string, targetGroups: TfValue | undefined): number {
  const written = version?.kind === 'scalar' && typeof version.value === 'string' ? version.value : /[?&]ref=v?(\d+)/.exec(source)?.[1];
  const m = written ? /(\d+)/.exec(written) : null;
  if (m) return Number(m[1]);
  return targetGroups?.kind === 'tuple' ? 8 : 9;
}

function readV9(mod: AlbModule): void {
  const { ctx, located, src, lb, prefix } = mod;
  const defaultProtocol = src.get('default_protocol');
  const defaultPort = src.get('default_port');
  const dialect: TargetGroupDialect = {
    who: `${ALB_MODULE} target_groups`,
    protocolKey: 'protocol',
    portKey: 'port',
    protocol: (at) => moduleDefault(src, defaultProtocol, 'default_protocol', 'HTTP', at, asString),
    port: (at) => moduleDefault(src, defaultPort, 'default_port', 80, at, asNumber),
  };
  const tgs = new Map<string, TargetGroupModel>();
  const groups = src.get('target_groups');
  if (groups && groups.kind !== 'object') unknownInput(mod, 'target_groups', groups);
  for (const e of groups?.kind === 'object' ? groups.entries : []) {
    const entry = objectSource(ctx, located.file, e.value, e.keySpan);
    const settings = readTargetGroupSettings(entry, dialect);
    if (!settings) continue;
    const address = `${prefix}.aws_lb_target_group.this[${JSON.stringify(e.key)}]`;
    const tg: TargetGroupModel = {
      id: tfId(ctx, address),
      loadBalancerId: lb.id,
      file: located.file,
      head: e.keySpan,
      ...settings,
      aliases: [`${prefix}.target_groups[${JSON.stringify(e.key)}].arn`, `${prefix}.target_groups.${e.key}.arn`, address, ...(settings.name ? [settings.name.value] : [])],
    };
    tgs.set(e.key, tg);
    ctx.facts.targetGroups.push(tg);
    recordAttachment(mod, entry, address, tg.id);
  }

  const listeners = src.get('listeners');
  if (listeners === undefined) {
    implicitListeners(mod, [...tgs].map(([k, tg]) => ({ address: `${prefix}.aws_lb_listener.implicit[${JSON.stringify(k)}]`, tg })));
    return;
  }
  if (listeners.kind !== 'object') unknownInput(mod, 'listeners', listeners);
  for (const e of listeners.kind === 'object' ? listeners.entries : []) {
    const entry = objectSource(ctx, located.file, e.value, e.keySpan);
    const keys = forwardKeys(e.value);
    const address = `${prefix}.aws_lb_listener.this[${JSON.stringify(e.key)}]`;
    const port = read(entry, 'port', asPort, moduleDefault(src, defaultPort, 'default_port', 80, e.keySpan, asPort));
    const forwarded = keys.filter((k) => tgs.has(k));
    const ids = forwarded.map((k) => tfId(ctx, forwarded.length > 1 ? `${address}#${k}` : address));
    const timeout = readListenerTimeout(entry, address, ids);
    const models: ListenerModel[] = forwarded.map((k, i) => ({ id: ids[i]!, loadBalancerId: lb.id, targetGroupId: tgs.get(k)!.id, port, protocol: timeout.protocol, idleTimeoutSeconds: timeout.idleTimeoutSeconds }));
    ctx.facts.listeners.push(...models);
    ctx.listeners.push(timeout);
  }
}

/** `forward = { target_group_key = "k" }` or `weighted_forward = { target_groups = [{ target_group_key = "k" }] }`. */
function forwardKeys(listener: TfValue): string[] {
  const key = (v: TfValue | undefined) => (v?.kind === 'object' ? v.entries.find((x) => x.key === 'target_group_key')?.value : undefined);
  const str = (v: TfValue | undefined) => (v?.kind === 'scalar' && v.value !== null ? [String(v.value)] : []);
  if (listener.kind !== 'object') return [];
  const forward = listener.entries.find((x) => x.key === 'forward')?.value;
  const weighted = listener.entries.find((x) => x.key === 'weighted_forward')?.value;
  const list = weighted?.kind === 'object' ? weighted.entries.find((x) => x.key === 'target_groups')?.value : undefined;
  return [...str(key(forward)), ...(list?.kind === 'tuple' ? list.items.flatMap((i) => str(key(i))) : [])];
}

/** A module input the module falls back to (`default_port`), or the module's own default for it. */
function moduleDefault<T>(src: FieldSource, written: TfValue | undefined, input: string, value: T, at: Span, parse: (raw: string | number | boolean) => T | undefined): Sourced<T> {
  const fallback = byDefault(value, `${ALB_MODULE}: falls back to var.${input} (${JSON.stringify(value)})`, at);
  return written === undefined ? fallback : read(src, input, parse, fallback);
}

