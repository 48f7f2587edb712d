import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import type { TfValue } from '../../server/src/core/model/terraform';
import { initTestGrammars } from '../helpers/grammars';
import { evaluate, sliceOf, tfFolder, tfModule } from './terraform-fixtures';

function entry(v: TfValue | undefined, ...path: string[]): TfValue | undefined {
  let cur = v;
  for (const key of path) cur = cur?.kind === 'object' ? cur.entries.find((e) => e.key === key)?.value : undefined;
  return cur;
}

describe('Terraform kubernetes_service and helm_release', () => {
  before(() => initTestGrammars());

  it('a kubernetes_service_v1 with LBC annotations is the same Service as in YAML, and gets the same NLB', () => {
    const { facts, at } = tfModule('k8s-service');
    const [svc] = facts.services;
    assert.ok(svc);
    assert.deepEqual([svc.name, svc.namespace, svc.file], ['istio-ingressgateway', 'istio-system', 'terraform/k8s-service/service.tf']);
    assert.equal(at(svc.head), 'resource "kubernetes_service_v1" "gateway"');
    assert.deepEqual([svc.type.value, at(svc.type.span)], ['LoadBalancer', '"LoadBalancer"']);
    assert.deepEqual([svc.externalTrafficPolicy.value, svc.externalTrafficPolicy.origin], ['Cluster', 'default']);
    assert.deepEqual(svc.selector, { istio: 'ingressgateway' });
    const [port] = svc.ports;
    assert.deepEqual([port?.name, port?.protocol, port?.port.value, port?.targetPort.value, port?.nodePort?.value], ['https', 'TCP', 443, 8443, 31443]);
    assert.equal(at(port?.nodePort?.span), '31443');
    const scheme = svc.annotations.find((a) => a.key.endsWith('aws-load-balancer-scheme'))!;
    assert.equal(at(scheme.keySpan), '"service.beta.kubernetes.io/aws-load-balancer-scheme"');
    assert.equal(at(scheme.valueSpan), '"internal"');
    const tgAttrs = svc.annotations.find((a) => a.key.endsWith('target-group-attributes'))!;
    assert.deepEqual(tgAttrs.items?.map((i) => at(i.span)), ['proxy_protocol_v2.enabled=false', 'deregistration_delay.timeout_seconds=30']);

    const [lb] = facts.loadBalancers;
    const [tg] = facts.targetGroups;
    assert.equal(lb?.manager.value, 'aws-load-balancer-controller');
    assert.deepEqual([lb?.scheme.value, at(lb?.scheme.span)], ['internal', '"internal"']);
    assert.deepEqual([lb?.crossZone.value, at(lb?.crossZone.span)], [true, 'load_balancing.cross_zone.enabled=true']);
    assert.deepEqual([tg?.proxyProtocolV2.value, at(tg?.proxyProtocolV2.span)], [false, 'proxy_protocol_v2.enabled=false']);
    assert.deepEqual([tg?.preserveClientIp.value, tg?.port?.value], [true, 31443]);
    assert.deepEqual(
      analyze(tfFolder('k8s-service')).findings.map((f) => f.ruleId).sort(),
      ['HP101', 'HP103', 'HP105'],
    );
  });

  it('a NodePort kubernetes_service in another folder is the backend of the Terraform target group on its node port', () => {
    const result = analyze([...tfFolder('plain'), ...tfFolder('nodeport-service')]);
    assert.equal(result.frontends.length, 1);
    const { frontend } = result.frontends[0]!;
    assert.equal(frontend.targetGroup.id, 'tf:terraform/plain:aws_lb_target_group.ingress');
    assert.equal(frontend.service?.name, 'ingress-nginx-controller');
    assert.equal(frontend.service?.file, 'terraform/nodeport-service/service.tf');
    // The Service's externalTrafficPolicy is what the simulation uses.
    assert.deepEqual([frontend.trafficPolicy.value, frontend.trafficPolicy.origin], ['Local', 'explicit']);
    assert.equal(frontend.targetPort.value, 31443);
    assert.equal(frontend.backendPort.value, 8443);
    assert.ok(frontend.related.some((r) => r.span.file === 'terraform/nodeport-service/service.tf'));
    // Without the Service, the frontend falls back to the Kubernetes default.
    const alone = analyze(tfFolder('plain'));
    assert.equal(alone.frontends[0]!.frontend.service, undefined);
    assert.equal(alone.frontends[0]!.frontend.trafficPolicy.value, 'Cluster');
  });

  it('helm_release values: yamlencode maps with spans, set blocks on top, YAML strings; a missing values file is a notice', () => {
    const files = tfFolder('helm');
    const at = sliceOf(files);
    const [facts] = evaluate(files);
    const release = facts?.terraform?.kind === 'module' ? facts.terraform.helmReleases[0] : undefined;
    assert.ok(release);
    assert.equal(release.address, 'helm_release.gateway');
    assert.deepEqual([release.chart?.value, release.releaseName?.value, release.namespace.value], ['gateway', 'istio-ingressgateway', 'istio-system']);
    const type = entry(release.values, 'service', 'annotations', 'service.beta.kubernetes.io/aws-load-balancer-type');
    assert.ok(type?.kind === 'scalar');
    assert.deepEqual([type.value, at(type.span)], ['external', '"external"']);
    const scheme = entry(release.values, 'service', 'annotations', 'service.beta.kubernetes.io/aws-load-balancer-scheme');
    assert.ok(scheme?.kind === 'scalar');
    assert.deepEqual([scheme.value, at(scheme.span)], ['internal', '"internal"']);
    const replicas = entry(release.values, 'replicaCount');
    assert.ok(replicas?.kind === 'scalar');
    assert.deepEqual([replicas.value, at(replicas.span)], [3, '3']);
    assert.match(replicas.via!, /var\.replicas/);
    const ports = entry(release.values, 'service', 'ports');
    assert.ok(ports?.kind === 'tuple' && ports.items[0]?.kind === 'object');
    // values/gateway.yaml is not in the fixture: nothing is read from it, and a notice names it.
    assert.deepEqual(release.valuesFiles, []);
    assert.ok(facts?.notices.some((n) => n.message.includes('file("./values/gateway.yaml"): terraform/helm/values/gateway.yaml is not among the files Hairpin read')), facts?.notices.map((n) => n.message).join('\n'));
    assert.equal(release.valuesYaml[0]?.text, 'service:\n  externalTrafficPolicy: Local\n');
    // A Service key already in the values keeps its own key span.
    const service = release.values.kind === 'object' ? release.values.entries.find((e) => e.key === 'service') : undefined;
    assert.equal(at(service?.keySpan), 'service');
  });

  it('annotations through a variable keep exact spans in variables.tf; a Service without spec is ClusterIP; legacy nlb', () => {
    const files = [
      {
        path: 'svc/main.tf',
        text: 'resource "kubernetes_service" "a" {\n  metadata {\n    name = "a"\n    annotations = var.annotations\n  }\n  spec {\n    type = "LoadBalancer"\n    external_traffic_policy = "Local"\n    port {\n      port = 80\n    }\n  }\n}\nresource "kubernetes_service" "b" {\n  metadata {\n    name = "b"\n  }\n}\n',
      },
      {
        path: 'svc/variables.tf',
        text: 'variable "annotations" {\n  default = {\n    "service.beta.kubernetes.io/aws-load-balancer-type" = "nlb"\n    "service.beta.kubernetes.io/aws-load-balancer-target-group-attributes" = "preserve_client_ip.enabled=false"\n  }\n}\n',
      },
    ];
    const at = sliceOf(files);
    const [facts] = evaluate(files);
    const [a, b] = facts!.services;
    assert.deepEqual([a?.name, a?.namespace, a?.externalTrafficPolicy.value, at(a?.externalTrafficPolicyKey)], ['a', 'default', 'Local', 'external_traffic_policy']);
    const attrs = a!.annotations.find((x) => x.key.endsWith('target-group-attributes'))!;
    assert.equal(attrs.valueSpan.file, 'svc/variables.tf');
    assert.equal(at(attrs.items![0]!.span), 'preserve_client_ip.enabled=false');
    assert.deepEqual([a!.ports[0]!.targetPort.value, a!.ports[0]!.targetPort.origin], [80, 'default']);
    assert.equal(facts!.loadBalancers[0]?.manager.value, 'in-tree');
    // The in-tree provider ignores target-group attributes before cloud-provider-aws v1.35.0: the reader keeps
    // the older behaviour in force and the written value for a cluster that runs a version that reads it.
    assert.equal(facts!.targetGroups[0]?.preserveClientIp.value, true);
    assert.equal(facts!.targetGroups[0]?.fromVersion?.values.preserveClientIp?.value, false);
    assert.equal(at(facts!.targetGroups[0]?.fromVersion?.span), '"preserve_client_ip.enabled=false"');
    assert.deepEqual([b?.type.value, b?.type.origin, b?.ports.length], ['ClusterIP', 'default', 0]);
    assert.equal(facts!.loadBalancers.length, 1);
  });
});
