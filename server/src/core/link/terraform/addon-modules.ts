import { blockSource, isDisabled, type ModuleContext } from './context';
import { pushEvaluatedRelease } from './helm-release';
import { entryOf } from './values';

/** EKS add-on modules whose release maps are read as `helm_release`s (see readAddonReleases). */
export const BLUEPRINTS_ADDONS = /^(?:[\w.-]+\/)?aws-ia\/eks-blueprints-addons\/aws(?:\/\/)?(?:\?.*)?$|aws-ia\/terraform-aws-eks-blueprints-addons(?:\.git)?(?:\/\/)?(?:\?.*)?$/;
export const BLUEPRINTS_ADDON = /^(?:[\w.-]+\/)?aws-ia\/eks-blueprints-addon\/aws(?:\/\/)?(?:\?.*)?$|aws-ia\/terraform-aws-eks-blueprints-addon(?:\.git)?(?:\/\/)?(?:\?.*)?$/;
export const ADDON_MODULES: readonly RegExp[] = [BLUEPRINTS_ADDONS, BLUEPRINTS_ADDON];

/**
 * Helm releases installed through the EKS add-on modules, read from the calling block:
 * - `aws-ia/eks-blueprints-addons`: its `helm_releases` map (any chart), and `ingress_nginx` when
 *   `enable_ingress_nginx = true`;
 * - `aws-ia/eks-blueprints-addon`: one release (`chart`, `values`, `set`, `namespace`, `name`).
 */
export function readAddonReleases(ctx: ModuleContext): void {
  for (const [name, located] of ctx.scope.modules) {
    const src = blockSource(ctx, located);
    const source = src.get('source');
    if (source?.kind !== 'scalar' || typeof source.value !== 'string' || isDisabled(ctx, located.node)) continue;
    const address = `${ctx.scope.instance?.prefix ?? ''}module.${name}`;
    const head = located.node.head;
    if (BLUEPRINTS_ADDON.test(source.value)) {
      pushEvaluatedRelease(ctx, { address, file: located.file, head, values: src.get('values'), set: src.get('set'), chart: src.get('chart'), repository: src.get('repository'), name: src.get('name'), namespace: src.get('namespace'), defaultNamespace: 'default' });
      continue;
    }
    if (!BLUEPRINTS_ADDONS.test(source.value)) continue;
    const releases = src.get('helm_releases');
    if (releases && releases.kind !== 'object') {
      ctx.facts.notices.push({ file: located.file, level: 'info', message: `${address}: helm_releases cannot be read before apply${releases.kind === 'unknown' ? ` (${releases.why})` : ''}.`, span: releases.span });
    }
    for (const e of releases?.kind === 'object' ? releases.entries : []) {
      const get = (k: string) => entryOf(e.value, k)?.value;
      pushEvaluatedRelease(ctx, { address: `${address}.helm_releases["${e.key}"]`, file: located.file, head: e.keySpan, values: get('values'), set: get('set'), chart: get('chart'), repository: get('repository'), name: get('name') ?? { kind: 'scalar', value: e.key, span: e.keySpan }, namespace: get('namespace'), defaultNamespace: 'default' });
    }
    const enabled = src.get('enable_ingress_nginx');
    if (enabled?.kind === 'scalar' && (enabled.value === true || enabled.value === 'true')) {
      const cfg = src.get('ingress_nginx');
      const get = (k: string) => entryOf(cfg, k)?.value;
      pushEvaluatedRelease(ctx, { address: `${address}.ingress_nginx`, file: located.file, head: enabled.span, values: get('values'), set: get('set'), chart: get('chart'), repository: get('repository'), name: get('name'), namespace: get('namespace'), defaultNamespace: 'ingress-nginx', defaultChart: 'ingress-nginx' });
    }
  }
}
