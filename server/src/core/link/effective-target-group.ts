import { inTreeHonoursTgAttributes, preservationOverride } from '../model/aws-defaults';
import type { Frontend } from '../model/frontend';
import type { TargetGroupModel } from '../model/nlb';
import type { Sourced } from '../model/sourced';
import type { Notice } from '../model/workspace';
import { CONFIG_FILE_NAME } from '../parse/hairpin-config';

/**
 * What AWS really does with a target group's written values, which its reader cannot decide alone:
 * - values its manager reads only from a version on (the in-tree provider's target-group attributes)
 *   apply when `.hairpin.yaml` says the cluster runs that version; otherwise the older behaviour holds,
 *   and a notice names the version that changes it;
 * - a written `preserve_client_ip.enabled=false` on UDP, TCP_UDP, QUIC or TCP_QUIC is overruled by AWS.
 * The result is memoised per target group object, so an unchanged frontend keeps its identity (and cache entry).
 */
export class EffectiveTargetGroups {
  private readonly memo = new WeakMap<TargetGroupModel, { readonly version: string | undefined; readonly tg: TargetGroupModel; readonly notices: readonly Notice[] }>();

  constructor(private readonly version: Sourced<string> | undefined) {}

  /** The frontend with its effective target group, and the notices that explain the difference (the caller tells them once per target group). */
  resolve(frontend: Frontend): { readonly frontend: Frontend; readonly notices: readonly Notice[] } {
    const r = this.of(frontend.targetGroup);
    const ignores = frontend.loadBalancer.manager.value === 'in-tree' && frontend.service !== undefined && !(this.version && inTreeHonoursTgAttributes(this.version.value));
    if (r.tg === frontend.targetGroup && !ignores) return { frontend, notices: r.notices };
    return { frontend: { ...frontend, targetGroup: r.tg, ...(ignores ? { inTreeIgnoresAttributes: true as const } : {}) }, notices: r.notices };
  }

  private of(tg: TargetGroupModel) {
    const known = this.memo.get(tg);
    if (known && known.version === this.version?.value) return known;
    const notices: Notice[] = [];
    let out = tg;
    const v = tg.fromVersion;
    if (v) {
      const honoured = this.version !== undefined && inTreeHonoursTgAttributes(this.version.value);
      if (honoured) {
        // Honoured: the written values apply, and nothing is left that the provider ignores.
        const { fromVersion: _ignored, ...rest } = out;
        out = { ...rest, ...v.values };
      }
      else notices.push({ file: v.span.file, level: 'info', span: v.span, message: olderMessage(v.component, v.since, this.version) });
    }
    const override = preservationOverride(out.preserveClientIp, out.protocol.value);
    if (override) {
      out = { ...out, preserveClientIp: override.value };
      if (override.value.span) notices.push({ file: override.value.span.file, level: 'warning', span: override.value.span, message: override.message });
    }
    const entry = { version: this.version?.value, tg: out, notices };
    this.memo.set(tg, entry);
    return entry;
  }
}

function olderMessage(component: string, since: string, version: Sourced<string> | undefined): string {
  const head = `aws-load-balancer-target-group-attributes is ignored by ${component} (the legacy in-tree provider, aws-load-balancer-type: nlb) before v${since}`;
  const which =
    version === undefined
      ? `, and ${CONFIG_FILE_NAME} does not say which version the cluster runs (cluster.cloudProviderAwsVersion), so Hairpin simulates the older behaviour: AWS defaults, client IP preservation on`
      : `; ${CONFIG_FILE_NAME} says the cluster runs ${version.value}, so these values have no effect and AWS defaults apply`;
  return `${head}${which}. From v${since} it is honoured; or write aws-load-balancer-type: external to have the AWS Load Balancer Controller apply it.`;
}
