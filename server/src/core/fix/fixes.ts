import type { Frontend } from '../model/frontend';
import type { Finding, FrontendAnalysis } from '../rules/types';
import { backendEdits } from './backend-fix';
import { cdkEdits } from './cdk-fix';
import { cloudFormationEdits } from './cloudformation-fix';
import { gatewayApiEdits } from './gateway-api-fix';
import { hclServiceEdits } from './hcl-service';
import { planFor, type Change } from './changes';
import { UnplaceableEdit } from './service-annotations';
import { terraformEdits } from './terraform-fix';
import { titleFor } from './titles';
import type { FixProposal, TextEdit, TextOf } from './types';
import { yamlServiceEdits } from './yaml-service';

/**
 * The quick fixes of one finding: its mitigations as the simulation ranked them (only those that
 * lower what the finding is about), each titled with its simulated effect and, where the deciding
 * values are written in these files, the edits that write them in the file's own format.
 */
export function fixesFor(finding: Finding, analysis: FrontendAnalysis, textOf: TextOf, frontendOf?: (id: string) => FrontendAnalysis | undefined): FixProposal[] {
  let preferredGiven = false;
  // A finding told once for all a Service's ports: a per-listener setting is written for each of them.
  const others = (finding.frontendIds ?? []).filter((id) => id !== analysis.frontend.id).flatMap((id) => frontendOf?.(id)?.frontend ?? []);
  return finding.mitigations.map((m) => {
    const title = titleFor(finding, analysis, m);
    const result = editsFor(m.id, analysis.frontend, textOf, others);
    if (typeof result === 'string') return { mitigation: m.id, title, preferred: false, edits: [], unavailable: result };
    // Every value is written as wanted already, yet the simulation says the change helps: what decides it is not where the editors looked.
    if (result.length === 0) return { mitigation: m.id, title, preferred: false, edits: [], unavailable: 'These files already say what this change writes; the value in force comes from elsewhere.' };
    const preferred = !preferredGiven && result.length > 0;
    preferredGiven ||= preferred;
    return { mitigation: m.id, title, preferred, edits: result };
  });
}

function editsFor(id: FixProposal['mitigation'], f: Frontend, textOf: TextOf, others: readonly Frontend[]): TextEdit[] | string {
  const plan = planFor(id, f);
  if ('unavailable' in plan) return plan.unavailable;
  const otherListeners: Change[] = [];
  for (const o of others) {
    const p = planFor(id, o);
    if (!('changes' in p)) continue;
    for (const c of p.changes) if (c.on === 'listener' && ![...plan.changes, ...otherListeners].some((x) => x.listenerKey === c.listenerKey)) otherListeners.push(c);
  }
  try {
    return editsOfChanges([...plan.changes, ...otherListeners], f, textOf);
  } catch (err) {
    // A fix that cannot be placed is reported on the proposal; it never takes the caller down.
    if (err instanceof UnplaceableEdit) return err.message;
    return `No edit could be made: ${(err as Error).message}`;
  }
}

/** Sends each change to the editor of the format its definition is written in. */
function editsOfChanges(changes: readonly Change[], f: Frontend, textOf: TextOf): TextEdit[] | string {
  const tg = f.targetGroup;
  const svc = f.service;
  // The Service's own load balancer (LBC annotations); a Gateway's target group only points at its backend Service.
  const serviceManaged = svc !== undefined && tg.serviceId !== undefined && (tg.id === `${tg.serviceId}/tg` || tg.id.startsWith(`${tg.serviceId}/tg/`));
  const onBackend = changes.filter((c) => c.on === 'backend');
  const onService = changes.filter((c) => !onBackend.includes(c) && (c.on === 'service' || serviceManaged));
  const onInfra = changes.filter((c) => !onService.includes(c) && !onBackend.includes(c));
  const edits: TextEdit[] = [];
  for (const c of onBackend) {
    const r = backendEdits(c, f, textOf);
    if (typeof r === 'string') return r;
    edits.push(...r);
  }
  if (onService.length > 0) {
    if (!svc) return 'No Kubernetes Service is linked to this load balancer.';
    const text = textOf(svc.file);
    if (text === undefined) return `The text of ${svc.file} is not available.`;
    const port = f.targetGroup.servicePort?.port;
    const r = serviceEdits(svc, f, port === undefined ? onService : onService.map((c) => ({ ...c, servicePort: port })), text);
    if (typeof r === 'string') return r;
    edits.push(...r);
  }
  if (onInfra.length > 0) {
    const r = infraEdits(onInfra, f, textOf);
    if (typeof r === 'string') return r;
    edits.push(...r);
  }
  return edits;
}

function serviceEdits(svc: NonNullable<Frontend['service']>, f: Frontend, changes: readonly Change[], text: string): TextEdit[] | string {
  if (svc.head.file !== svc.file) return `The Service ${svc.namespace}/${svc.name} comes from chart values written in several files (${svc.file}, ${svc.head.file}): set the value in those chart values.`;
  if (/\.ya?ml$/i.test(svc.file)) return yamlServiceEdits(svc, f.loadBalancer.manager.value, changes, text, !!f.inTreeIgnoresAttributes);
  if (/\.tf$/i.test(svc.file)) return hclServiceEdits(svc, f.loadBalancer.manager.value, changes, text, !!f.inTreeIgnoresAttributes);
  return `Services written in ${svc.file} cannot be edited yet.`;
}

function infraEdits(changes: readonly Change[], f: Frontend, textOf: TextOf): TextEdit[] | string {
  const id = f.targetGroup.id;
  if (id.startsWith('tf:')) return terraformEdits(changes, f, textOf);
  if (id.startsWith('cfn:')) return cloudFormationEdits(changes, f, textOf);
  if (id.startsWith('cdk:')) return cdkEdits(changes, f, textOf);
  if (id.includes('#Gateway/')) return gatewayApiEdits(changes, f, textOf);
  return `Load balancers defined in ${f.targetGroup.file} cannot be edited yet (${changes.map((c) => c.setting).join(', ')}).`;
}
