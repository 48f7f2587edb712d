import type { ListenerModel, TargetGroupModel } from '../../model/nlb';
import { byDefault } from '../../model/sourced';
import type { TfValue } from '../../model/terraform';
import { objectSource, tfId } from './context';
import { asNumber, asPort, read } from './fields';
import { readListenerTimeout } from './listener-timeout';
import { ALB_MODULE, implicitListeners, recordAttachment, unknownInput, type AlbModule } from './alb-module-common';
import { readTargetGroupSettings } from './target-group-settings';

/**
 * Before v9 the module took lists: `target_groups = [{ backend_protocol, backend_port, … }]` and
 * `http_tcp_listeners` / `https_listeners` that point at a group by `target_group_index` (by default
 * the listener's own index).
 */
export function readAlbModuleV8(mod: AlbModule): void {
  const { ctx, located, src, lb, prefix } = mod;
  const tgs: TargetGroupModel[] = [];
  const groups = src.get('target_groups');
  if (groups && groups.kind !== 'tuple') unknownInput(mod, 'target_groups', groups);
  const items = groups?.kind === 'tuple' ? groups.items : [];
  items.forEach((item, i) => {
    const entry = objectSource(ctx, located.file, item, item.span);
    const settings = readTargetGroupSettings(entry, { who: `${ALB_MODULE} (v8) target_groups`, protocolKey: 'backend_protocol', portKey: 'backend_port' });
    if (!settings) return;
    const address = `${prefix}.aws_lb_target_group.main[${i}]`;
    const tg: TargetGroupModel = {
      id: tfId(ctx, address),
      loadBalancerId: lb.id,
      file: located.file,
      head: item.span,
      ...settings,
      aliases: [`${prefix}.target_group_arns[${i}]`, address, ...(settings.name ? [settings.name.value] : [])],
    };
    tgs[i] = tg;
    ctx.facts.targetGroups.push(tg);
    recordAttachment(mod, entry, address, tg.id);
  });

  const lists = (['http_tcp_listeners', 'https_listeners'] as const).map((name) => ({ name, value: src.get(name) }));
  if (lists.every((l) => l.value === undefined)) {
    implicitListeners(mod, tgs.flatMap((tg, i) => (tg ? [{ address: `${prefix}.aws_lb_listener.implicit[${i}]`, tg }] : [])));
    return;
  }
  for (const { name, value } of lists) {
    if (value === undefined) continue;
    if (value.kind !== 'tuple') {
      unknownInput(mod, name, value);
      continue;
    }
    value.items.forEach((item: TfValue, i) => {
      const entry = objectSource(ctx, located.file, item, item.span);
      const index = read(entry, 'target_group_index', asNumber, byDefault(i, `${ALB_MODULE} (v8): target_group_index defaults to the listener's index`, item.span));
      const tg = tgs[index.value];
      const address = `${prefix}.aws_lb_listener.${name === 'https_listeners' ? 'frontend_https' : 'frontend_http_tcp'}[${i}]`;
      const port = read(entry, 'port', asPort, { value: 443, origin: 'assumed', why: 'the listener port is not written; assuming 443', span: item.span });
      const timeout = readListenerTimeout(entry, address, tg ? [tfId(ctx, address)] : []);
      const models: ListenerModel[] = tg ? [{ id: tfId(ctx, address), loadBalancerId: lb.id, targetGroupId: tg.id, port, protocol: timeout.protocol, idleTimeoutSeconds: timeout.idleTimeoutSeconds }] : [];
      ctx.facts.listeners.push(...models);
      ctx.listeners.push(timeout);
    });
  }
}
