import type { Finding, FrontendAnalysis, RankedMitigation } from '../rules/types';
import { isInCluster } from '../rules/clients';
import { worstFailure } from '../rules/rank-mitigations';
import type { MitigationId } from '../simulate/mitigations';
import { percent } from '../simulate/probability-text';

/** What each change is called, and what its title must also say (a cost or a condition). */
const NAMES: Record<MitigationId, { readonly name: string; readonly note?: string }> = {
  'disable-preservation': { name: 'Disable client IP preservation' },
  'proxy-protocol': { name: 'Disable client IP preservation and send the client address with proxy protocol v2', note: 'the backend must accept PROXY v2' },
  'disable-cross-zone': { name: 'Disable cross-zone load balancing' },
  // FACTS.md §1/§4: Local skips the SNAT, so a caller on a node with a gateway pod still fails, and the NLB spreads per node, not per pod.
  'local-policy': { name: 'Set externalTrafficPolicy: Local', note: 'protects only callers on nodes without a gateway pod, and traffic is no longer spread evenly over the pods' },
  'ip-targets': { name: 'Register pods as ip targets', note: 'preservation is off by default for TCP' },
  'service-direct': { name: 'Call the Service directly from inside the cluster instead of the NLB' },
  'disable-proxy-protocol': { name: 'Turn proxy protocol v2 off on the target group', note: 'the backend no longer sees the client address in a PROXY header' },
  'enable-proxy-protocol': { name: 'Turn proxy protocol v2 on for the target group', note: 'callers that reach the backend without the NLB must send a PROXY header too' },
  'backend-proxy-protocol': { name: 'Configure the backend to match the NLB’s proxy protocol setting' },
  'lower-backend-idle-timeout': { name: 'Lower the backend’s idle timeout below the NLB’s', note: 'clients reconnect more often' },
  'raise-listener-idle-timeout': { name: 'Raise the listener’s idle timeout (tcp.idle_timeout.seconds) above the backend’s', note: 'the NLB keeps idle flows longer' },
};

/** "Disable client IP preservation (in-cluster failures 1/6 → 0)": the simulated effect on this finding, then what it costs. */
export function titleFor(finding: Finding, a: FrontendAnalysis, m: RankedMitigation): string {
  const { name: plain, note } = NAMES[m.id];
  const name = toControllerName(a, m.id) ?? plain;
  const effect =
    finding.mode === 'idle-timeout'
      ? [idleEffect(a, m.id)]
      : finding.mode === 'proxy-protocol-mismatch'
      ? [`worst client's failures ${m.failureBeforeExact} → ${m.failureAfterExact}`]
      : finding.mode !== 'tuple-collision'
      ? [`in-cluster failures ${m.failureBeforeExact} → ${m.failureAfterExact}`]
      : [`collisions ${percent(m.collisionBefore)} → ${m.collisionAfter === 0 ? '0' : percent(m.collisionAfter)}`, ...hairpinNote(a, m.id)];
  const notes = [...effect, ...(note ? [note] : [])];
  return `${name} (${notes.join('; ')})`;
}

/**
 * Under the legacy in-tree provider, a change it would ignore is made by handing the Service to the AWS
 * Load Balancer Controller (fix/service-annotations.ts writes aws-load-balancer-type: external): ip
 * targets always, and target-group attributes when it would ignore them (FACTS.md §3: honoured only from
 * cloud-provider-aws v1.35.0, which `.hairpin.yaml` must say the cluster runs; Frontend.inTreeIgnoresAttributes).
 */
function toControllerName(a: FrontendAnalysis, id: MitigationId): string | undefined {
  const f = a.frontend;
  if (f.loadBalancer.manager.value !== 'in-tree' || !f.service) return undefined;
  if (id === 'ip-targets') return 'Hand the Service to the AWS Load Balancer Controller (aws-load-balancer-type: external) with ip targets';
  const viaAttributes = id === 'disable-preservation' || id === 'proxy-protocol';
  if (viaAttributes && (f.targetGroup.fromVersion || f.inTreeIgnoresAttributes)) return `${NAMES[id].name}: hand the Service to the AWS Load Balancer Controller (aws-load-balancer-type: external), which applies the target-group attributes the in-tree provider ignores`;
  return undefined;
}

/**
 * Under a collision finding, what the change leaves of the in-cluster failures: a change that removes
 * collisions but keeps (or worsens) the hairpin must not read as its fix.
 */
function hairpinNote(a: FrontendAnalysis, id: MitigationId): string[] {
  const inCluster = (c: { location: Parameters<typeof isInCluster>[0] }) => isInCluster(c.location);
  const before = worstFailure(a.simulation.clients, inCluster);
  const w = a.whatIfs.find((x) => x.mitigation.id === id);
  const after = w ? worstFailure(w.result.clients, inCluster) : before;
  if (after.compare(before) > 0) return [`fixes collisions only; in-cluster failures ${before.toString()} → ${after.toString()}, worse`];
  return before.isZero() || after.isZero() ? [] : ['fixes collisions only'];
}

/** "NLB 350 s, backend 3600 s → 300 s": the timers the what-if changed. */
function idleEffect(a: FrontendAnalysis, id: MitigationId): string {
  const before = a.simulation.idle;
  const after = a.whatIfs.find((w) => w.mitigation.id === id)?.result.idle;
  if (!before || !after) return 'idle timeouts re-simulated';
  return id === 'raise-listener-idle-timeout'
    ? `NLB ${before.nlbSeconds} s → ${after.nlbSeconds} s, backend ${after.backendSeconds} s`
    : `backend ${before.backendSeconds} s → ${after.backendSeconds} s, NLB ${after.nlbSeconds} s`;
}
