import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { applyProposal, assertFixes, fixesOf } from '../helpers/fix';
import { fixture } from '../helpers/fixtures';
import { initTestGrammars } from '../helpers/grammars';

const ROOT = join(__dirname, '..', '..');
const seed = { path: 'examples/istio-gateway/gateway-service.yaml', text: readFileSync(join(ROOT, 'examples/istio-gateway/gateway-service.yaml'), 'utf8') };
const preferredOf = (fx: ReturnType<typeof fixesOf>) => fx.proposals.find((p) => p.preferred)!;

describe('quick fixes: Kubernetes Service YAML', () => {
  before(initTestGrammars);

  it('HP101 on the seed: disable preservation first and preferred, titled with the simulated numbers; cross-zone is never offered', () => {
    const fx = fixesOf([seed], 'HP101');
    const [first] = fx.proposals;
    assert.equal(first!.title, 'Disable client IP preservation (in-cluster failures 1/6 → 0)');
    assert.equal(first!.preferred, true);
    assert.equal(fx.proposals.filter((p) => p.preferred).length, 1);
    assert.ok(!fx.proposals.some((p) => p.mitigation === 'disable-cross-zone'), fx.proposals.map((p) => p.title).join('\n'));
    assert.ok(!fx.finding.mitigations.some((m) => m.id === 'disable-cross-zone'));
  });

  it('the seed: the preferred fix adds the target-group-attributes annotation in the siblings’ style and nothing else changes', () => {
    const fx = fixesOf([seed], 'HP101');
    const [after] = assertFixes([seed], fx, preferredOf(fx));
    assert.equal(
      after!.text,
      seed.text.replace(
        'cross_zone.enabled=true\n',
        'cross_zone.enabled=true\n    service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: preserve_client_ip.enabled=false\n',
      ),
    );
  });

  it('HP103 on the seed: cross-zone is offered, labelled as fixing collisions only, and edits the attribute in place', () => {
    const fx = fixesOf([seed], 'HP103');
    const cz = fx.proposals.find((p) => p.mitigation === 'disable-cross-zone')!;
    assert.match(cz.title, /^Disable cross-zone load balancing \(collisions 0\.39% → 0; fixes collisions only\)$/);
    assert.ok(!/collisions only/.test(fx.proposals[0]!.title), 'disabling preservation removes the hairpin failure too');
    assert.equal(fx.proposals[0]!.preferred, true);
    const [after] = assertFixes([seed], fx, cz);
    assert.equal(after!.text, seed.text.replace('load_balancing.cross_zone.enabled=true', 'load_balancing.cross_zone.enabled=false'));
  });

  it('merges into an existing target-group-attributes list: replaces preserve_client_ip.enabled=true in place, appends proxy protocol', () => {
    // A backend Hairpin does not know (not the seed's istio: ingressgateway, which rejects PROXY headers), so proxy protocol is offered.
    const text = seed.text
      .replace(
        '    service.beta.kubernetes.io/aws-load-balancer-scheme: internal\n',
        '    service.beta.kubernetes.io/aws-load-balancer-scheme: internal\n    service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: "deregistration_delay.timeout_seconds=30,preserve_client_ip.enabled=true" # keep\n',
      )
      .replace('istio: ingressgateway', 'gateway: edge')
      .replace('app: istio-ingressgateway', 'app: edge-gateway');
    const files = [{ path: 'svc.yaml', text }];
    const fx = fixesOf(files, 'HP101');
    const [after] = assertFixes(files, fx, preferredOf(fx));
    assert.match(after!.text, /target-group-attributes: "deregistration_delay.timeout_seconds=30,preserve_client_ip.enabled=false" # keep\n/);
    const proxy = fx.proposals.find((p) => p.mitigation === 'proxy-protocol')!;
    const [withProxy] = applyProposal(files, proxy);
    assert.match(withProxy!.text, /"deregistration_delay.timeout_seconds=30,preserve_client_ip.enabled=false,proxy_protocol_v2.enabled=true" # keep\n/);
    assert.equal((withProxy!.text.match(/target-group-attributes/g) ?? []).length, 1, 'no duplicate key');
  });

  it('adds the annotations map under metadata when there is none, at the file’s indentation', () => {
    const text = '# legacy in-tree NLB\napiVersion: v1\nkind: Service\nmetadata:\n    name: gw # the gateway\n    namespace: edge\nspec:\n    type: LoadBalancer\n    loadBalancerClass: service.k8s.aws/nlb\n    ports:\n        - port: 443\n          nodePort: 31443\n';
    const files = [{ path: 'gw.yaml', text }];
    const fx = fixesOf(files, 'HP101');
    const [after] = assertFixes(files, fx, preferredOf(fx));
    assert.equal(after!.text, text.replace('namespace: edge\n', 'namespace: edge\n    annotations:\n        service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: preserve_client_ip.enabled=false\n'));
  });

  it('IstioOperator: the annotation goes into k8s.serviceAnnotations of that gateway', () => {
    const files = [fixture('k8s-extra/operator/istio-operator.yaml')];
    const fx = fixesOf(files, 'HP101');
    assert.equal(fx.proposals[0]!.title, 'Disable client IP preservation (in-cluster failures 1/3 → 0)');
    const [after] = assertFixes(files, fx, preferredOf(fx));
    assert.match(after!.text, /cross_zone\.enabled=true\n {12}service\.beta\.kubernetes\.io\/aws-load-balancer-target-group-attributes: preserve_client_ip\.enabled=false\n {10}service:\n/);
  });

  it('istio/gateway chart values: into service.annotations', () => {
    const files = [fixture('k8s-extra/chart/values.yaml')];
    const fx = fixesOf(files, 'HP101');
    const [after] = assertFixes(files, fx, preferredOf(fx));
    assert.match(after!.text, /nlb-target-type: instance\n {4}service\.beta\.kubernetes\.io\/aws-load-balancer-target-group-attributes: preserve_client_ip\.enabled=false\n {2}externalTrafficPolicy: ""\n/);
    const ip = fx.proposals.find((p) => p.mitigation === 'ip-targets')!;
    assert.match(assertFixes(files, fx, ip)[0]!.text, /nlb-target-type: ip\n/);
  });

  it('umbrella chart values: the item under the dependency key is replaced in place', () => {
    const chart = fixture('k8s-extra/umbrella/Chart.yaml');
    const values = fixture('k8s-extra/umbrella/values.yaml');
    const on = { ...values, text: values.text.replace('preserve_client_ip.enabled=false', 'preserve_client_ip.enabled=true') };
    const files = [chart, on];
    const fx = fixesOf(files, 'HP101');
    const [, after] = assertFixes(files, fx, preferredOf(fx));
    assert.equal(after!.text, values.text);
  });

  it('externalTrafficPolicy: Local goes to the YAML Service behind a Terraform target group, with its trade-off in the title', () => {
    const files = [...['main.tf', 'terraform.tfvars', 'variables.tf'].map((f) => fixture(`terraform/plain/${f}`)), fixture('k8s-extra/nodeport/service.yaml')];
    // Only a caller on a node without a gateway pod: there Local removes the failure.
    const config = { clusterOverrides: { clients: { value: ['pod@n1' as const], origin: 'assumed' as const, why: 'test' } } };
    const fx = fixesOf(files, 'HP101', config);
    assert.equal(fx.finding.span.file, 'terraform/plain/main.tf');
    const local = fx.proposals.find((p) => p.mitigation === 'local-policy')!;
    // Six nodes and the attached bastion instance (issue 10, kind D): each target 1 in 7.
    assert.match(local.title, /^Set externalTrafficPolicy: Local \(in-cluster failures 1\/7 → 0; protects only callers on nodes without a gateway pod, and traffic is no longer spread evenly over the pods\)$/);
    assert.deepEqual([...new Set(local.edits.map((e) => e.file))], ['k8s-extra/nodeport/service.yaml']);
    const after = assertFixes(files, fx, local, config);
    assert.match(after[3]!.text, /nodePort: 31443\n {2}externalTrafficPolicy: Local\n$/);
  });

  it('Gateway API: target-group attributes go to the TargetGroupConfiguration, cross-zone to the LoadBalancerConfiguration, never to the backend Service', () => {
    const files = [fixture('k8s-extra/gateway-api/gateway.yaml'), fixture('k8s-extra/gateway-api/routes.yaml')];
    const fx = fixesOf(files, 'HP101');
    const p = preferredOf(fx);
    assert.deepEqual([...new Set(p.edits.map((e) => e.file))], ['k8s-extra/gateway-api/routes.yaml']);
    const [, routes] = assertFixes(files, fx, p);
    assert.match(routes!.text, /targetType: instance\n {4}targetGroupAttributes:\n {6}- key: preserve_client_ip\.enabled\n {8}value: "false"\n---\n/);
    const hp103 = fixesOf(files, 'HP103');
    const cz = hp103.proposals.find((x) => x.mitigation === 'disable-cross-zone')!;
    const [gateway] = assertFixes(files, hp103, cz);
    assert.equal(gateway!.text, files[0]!.text.replace('value: "true"', 'value: "false"'));
  });

  it('Gateway API: a TargetGroupConfiguration that sets nothing Hairpin reads is still found by its targetReference and edited', () => {
    const routes = fixture('k8s-extra/gateway-api/routes.yaml');
    for (const config of ['  defaultConfiguration: {}\n', '  defaultConfiguration:\n    targetGroupAttributes:\n      - key: deregistration_delay.timeout_seconds\n        value: "30"\n']) {
      const files = [fixture('k8s-extra/gateway-api/gateway.yaml'), { ...routes, text: routes.text.replace('  defaultConfiguration:\n    targetType: instance\n', config) }];
      const fx = fixesOf(files, 'HP101');
      const [, after] = assertFixes(files, fx, preferredOf(fx));
      assert.match(after!.text, /preserve_client_ip\.enabled/);
    }
    const bare = [fixture('k8s-extra/gateway-api/gateway.yaml'), { ...routes, text: routes.text.replace('  defaultConfiguration:\n    targetType: instance\n', '') }];
    assert.match(fixesOf(bare, 'HP101').proposals[0]!.unavailable!, /^The TargetGroupConfiguration of ingress\/envoy in k8s-extra\/gateway-api\/routes\.yaml has no spec\.defaultConfiguration/);
  });

  it('chart values: externalTrafficPolicy "" becomes "Local" in its own quoting', () => {
    const files = [fixture('k8s-extra/chart/values.yaml')];
    const config = { clusterOverrides: { clients: { value: ['pod@n1' as const], origin: 'assumed' as const, why: 'test' } } };
    const fx = fixesOf(files, 'HP101', config);
    const local = fx.proposals.find((p) => p.mitigation === 'local-policy')!;
    const [after] = assertFixes(files, fx, local, config);
    assert.equal(after!.text, files[0]!.text.replace('externalTrafficPolicy: ""', 'externalTrafficPolicy: "Local"'));
  });

  it('HP102 (overlay CNI): titled with the in-cluster loopback failures, and the preferred fix removes it', async () => {
    const { readHairpinConfig } = await import('../../server/src/core/parse/hairpin-config');
    const config = { cluster: readHairpinConfig({ path: '.hairpin.yaml', text: 'cluster: {cni: overlay}\n' }).cluster };
    const fx = fixesOf([seed], 'HP102', config);
    assert.equal(fx.proposals[0]!.title, 'Disable client IP preservation (in-cluster failures 1/6 → 0)');
    assert.ok(!fx.proposals.some((p) => p.mitigation === 'disable-cross-zone'));
    assertFixes([seed], fx, preferredOf(fx), config);
  });

  it('the legacy in-tree NLB: ip targets are offered by handing the Service to the controller (aws-load-balancer-type: external)', () => {
    const files = [fixture('k8s/legacy-in-tree.yaml')];
    const fx = fixesOf(files, 'HP101');
    const ip = fx.proposals.find((p) => p.mitigation === 'ip-targets')!;
    assert.match(ip.title, /^Hand the Service to the AWS Load Balancer Controller \(aws-load-balancer-type: external\) with ip targets/);
    const [after] = assertFixes(files, fx, ip);
    assert.match(after!.text, /aws-load-balancer-type: "?external"?/);
    assert.match(after!.text, /aws-load-balancer-nlb-target-type: ip/);
  });

  it('the legacy in-tree NLB: without a cloud-provider-aws that honours target-group attributes, disabling preservation hands the Service to the controller, and the preferred fix clears HP101', async () => {
    const { readHairpinConfig } = await import('../../server/src/core/parse/hairpin-config');
    const files = [fixture('k8s/legacy-in-tree.yaml')];
    for (const version of [undefined, '1.34.2']) {
      const config = version ? { clusterOverrides: readHairpinConfig({ path: '.hairpin.yaml', text: `cluster: {cloudProviderAwsVersion: ${version}}\n` }).overrides } : {};
      const fx = fixesOf(files, 'HP101', config);
      const preferred = preferredOf(fx);
      assert.equal(preferred.mitigation, 'disable-preservation');
      assert.match(preferred.title, /hand the Service to the AWS Load Balancer Controller/);
      const [after] = assertFixes(files, fx, preferred, config);
      assert.match(after!.text, /aws-load-balancer-type: "?external"?/, `version ${version}`);
      assert.match(after!.text, /target-group-attributes: "?preserve_client_ip\.enabled=false/);
    }
    // From v1.35.0 the in-tree provider honours the annotation: it is written alone, the Service stays with the provider.
    const config = { clusterOverrides: readHairpinConfig({ path: '.hairpin.yaml', text: 'cluster: {cloudProviderAwsVersion: 1.35.0}\n' }).overrides };
    const fx = fixesOf(files, 'HP101', config);
    const [after] = assertFixes(files, fx, preferredOf(fx), config);
    assert.match(after!.text, /aws-load-balancer-type: nlb/);
    assert.match(after!.text, /target-group-attributes: "?preserve_client_ip\.enabled=false/);
  });

  it('an Istio-class Gateway: the annotation goes into spec.infrastructure.annotations', () => {
    const files = [fixture('k8s-extra/gateway-api/istio-gateway.yaml')];
    const fx = fixesOf(files, 'HP101');
    const [after] = assertFixes(files, fx, preferredOf(fx));
    assert.match(after!.text, /scheme: internal\n {6}service\.beta\.kubernetes\.io\/aws-load-balancer-target-group-attributes: preserve_client_ip\.enabled=false\n {2}listeners:/);
  });

  it('CRLF files get CRLF lines', () => {
    const files = [{ path: 'crlf.yaml', text: seed.text.replace(/\n/g, '\r\n') }];
    const fx = fixesOf(files, 'HP101');
    const [after] = assertFixes(files, fx, preferredOf(fx));
    assert.ok(!/[^\r]\n/.test(after!.text), 'no bare line feed');
    assert.equal(after!.text.replace(/\r\n/g, '\n'), assertFixes([seed], fixesOf([seed], 'HP101'), preferredOf(fixesOf([seed], 'HP101')))[0]!.text);
  });
});
