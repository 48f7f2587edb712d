import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import type { SourceFile } from '../../server/src/core/model/workspace';
import { nearestValue } from '../../server/src/core/parse/enum-values';
import { fixture } from '../helpers/fixtures';
import { initTestGrammars } from '../helpers/grammars';

/** Kind 3: an unknown enum value is a warning on the value, with the nearest valid one, in every format. */

interface Case {
  readonly format: string;
  readonly files: () => SourceFile[];
  /** The fixture text to replace, and its misspelt replacement (which the warning's span must cover). */
  readonly from: string;
  readonly typo: string;
  readonly suggestion: string;
}

const seedWith = (annotation: string): SourceFile => {
  const seed = fixture('k8s/seed.yaml');
  return { ...seed, text: seed.text.replace('  annotations:\n', `  annotations:\n    ${annotation}\n`) };
};

const CASES: readonly Case[] = [
  { format: 'Service annotation (target type)', files: () => [seedWith('service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: instance')], from: 'target-type: instance', typo: 'instanse', suggestion: 'instance' },
  { format: 'Service annotation (scheme)', files: () => [fixture('k8s/seed.yaml')], from: 'scheme: internal', typo: 'internl', suggestion: 'internal' },
  { format: 'Service annotation (type)', files: () => [fixture('k8s/seed.yaml')], from: 'type: external', typo: 'externl', suggestion: 'external' },
  { format: 'chart values', files: () => [fixture('k8s-extra/chart/values.yaml')], from: 'target-type: instance', typo: 'Instance ', suggestion: 'instance' },
  { format: 'IstioOperator', files: () => [fixture('k8s-extra/operator/istio-operator.yaml')], from: 'scheme: internal', typo: 'intrenal', suggestion: 'internal' },
  {
    format: 'Gateway API (LoadBalancerConfiguration)',
    files: () => ['gateway.yaml', 'routes.yaml'].map((f) => fixture(`k8s-extra/gateway-api/${f}`)),
    from: 'scheme: internal',
    typo: 'internet-facin',
    suggestion: 'internet-facing',
  },
  {
    format: 'Gateway API (TargetGroupConfiguration)',
    files: () => ['gateway.yaml', 'routes.yaml'].map((f) => fixture(`k8s-extra/gateway-api/${f}`)),
    from: 'targetType: instance',
    typo: 'ipp',
    suggestion: 'ip',
  },
  { format: 'Terraform kubernetes_service', files: () => [fixture('terraform/k8s-service/service.tf')], from: '= "internal"', typo: 'internall', suggestion: 'internal' },
  { format: 'Terraform aws_lb', files: () => ['main.tf', 'variables.tf', 'terraform.tfvars'].map((f) => fixture(`terraform/plain/${f}`)), from: 'load_balancer_type = "network"', typo: 'netwrok', suggestion: 'network' },
  { format: 'CloudFormation', files: () => [fixture('cloudformation/preservation-off.yaml')], from: 'TargetType: instance', typo: 'instanse', suggestion: 'instance' },
  // These dropped the NLB or moved its findings with no word before.
  { format: 'CloudFormation load balancer Type', files: () => [fixture('cloudformation/ip-targets.json')], from: '"Type": "network"', typo: 'netwrok', suggestion: 'network' },
  { format: 'CloudFormation target group Protocol', files: () => [fixture('cloudformation/ip-targets.json')], from: '"Protocol": "TCP"', typo: 'TPC', suggestion: 'TCP' },
  { format: 'CloudFormation YAML Protocol', files: () => [fixture('cloudformation/preservation-off.yaml')], from: 'Protocol: TCP', typo: 'TCPP', suggestion: 'TCP' },
  { format: 'Service type', files: () => [fixture('k8s/seed.yaml')], from: 'type: LoadBalancer', typo: 'LoadBalancr', suggestion: 'LoadBalancer' },
  { format: 'Service port protocol', files: () => [{ ...fixture('k8s/seed.yaml'), text: fixture('k8s/seed.yaml').text.replace('port: 443', 'port: 443\n      protocol: TCP') }], from: 'protocol: TCP', typo: 'TPC', suggestion: 'TCP' },
  { format: 'Service annotation (ip-address-type)', files: () => [seedWith('service.beta.kubernetes.io/aws-load-balancer-ip-address-type: dualstack')], from: 'ip-address-type: dualstack', typo: 'dualstak', suggestion: 'dualstack' },
  { format: 'Terraform target group protocol', files: () => ['main.tf', 'variables.tf', 'terraform.tfvars'].map((f) => fixture(`terraform/plain/${f}`)), from: 'protocol = "TCP"', typo: 'TPC', suggestion: 'TCP' },
  { format: 'Terraform aws_lb ip_address_type', files: () => ['main.tf', 'variables.tf', 'terraform.tfvars'].map((f) => { const x = fixture(`terraform/plain/${f}`); return { ...x, text: x.text.replace('load_balancer_type = "network"', 'load_balancer_type = "network"\n  ip_address_type = "dualstack"') }; }), from: 'ip_address_type = "dualstack"', typo: 'dualstak', suggestion: 'dualstack' },
  { format: 'CloudFormation IpAddressType', files: () => [{ ...fixture('cloudformation/ip-targets.json'), text: fixture('cloudformation/ip-targets.json').text.replace('"Type": "network",', '"Type": "network", "IpAddressType": "ipv4",') }], from: '"IpAddressType": "ipv4"', typo: 'ipv', suggestion: 'ipv4' },
  { format: 'CDK TypeScript protocol', files: () => [fixture('cdk/pod-targets-stack.ts')], from: 'Protocol.TCP', typo: 'TPC', suggestion: 'TCP' },
  { format: 'CDK TypeScript', files: () => [fixture('cdk/pod-targets-stack.ts')], from: 'TargetType.IP', typo: 'IPP', suggestion: 'IP' },
  { format: 'CDK Python', files: () => [fixture('cdk/wiring.py')], from: 'TargetType.INSTANCE', typo: 'INSTANSE', suggestion: 'INSTANCE' },
];

/** Replaces the value inside `from` (its last word) with the typo, keeping any quotes. */
function misspell(files: SourceFile[], c: Case): { files: SourceFile[]; file: string } {
  const i = files.findIndex((f) => f.text.includes(c.from));
  assert.ok(i >= 0, `fixture text ${c.from} not found`);
  const value = c.from.match(/([\w-]+)"?$/)![1]!;
  const typo = c.from.replace(new RegExp(`${value}("?)$`), `${c.typo}$1`);
  const changed = files.map((f, k) => (k === i ? { ...f, text: f.text.replace(c.from, typo) } : f));
  return { files: changed, file: files[i]!.path };
}

describe('unknown enum values (kind 3)', () => {
  before(() => initTestGrammars());

  for (const c of CASES) {
    it(`${c.format}: "${c.typo}" is a warning on the value that suggests "${c.suggestion}"`, () => {
      const { files, file } = misspell(c.files(), c);
      const r = analyze(files);
      const text = files.find((f) => f.path === file)!.text;
      const n = r.notices.find((x) => x.level === 'warning' && x.message.includes(`did you mean "${c.suggestion}"?`));
      assert.ok(n, JSON.stringify(r.notices.map((x) => x.message)));
      assert.equal(n.file, file);
      assert.ok(n.span, n.message);
      assert.match(text.slice(n.span.start, n.span.end), new RegExp(c.typo.trim().replace('.', '\\.')));
    });
  }

  it('valid values give no such warning', () => {
    for (const c of CASES) assert.ok(!analyze(c.files()).notices.some((n) => /is not one of/.test(n.message)), c.format);
  });

  it('suggests only what is close', () => {
    assert.equal(nearestValue('instanse', ['instance', 'ip']), 'instance');
    assert.equal(nearestValue('IPP', ['INSTANCE', 'IP']), 'IP');
    assert.equal(nearestValue('internet', ['internal', 'internet-facing']), 'internet-facing');
    assert.equal(nearestValue('banana', ['instance', 'ip']), undefined);
    // Two neighbours swapped is one slip, not two edits.
    assert.equal(nearestValue('TPC', ['TCP', 'TLS', 'UDP']), 'TCP');
    assert.equal(nearestValue('netwrok', ['application', 'network', 'gateway']), 'network');
  });
});
