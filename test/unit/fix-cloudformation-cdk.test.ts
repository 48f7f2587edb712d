import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertFixes, fixesOf } from '../helpers/fix';
import { fixture } from '../helpers/fixtures';
import { initTestGrammars } from '../helpers/grammars';

const preferredOf = (fx: ReturnType<typeof fixesOf>) => fx.proposals.find((p) => p.preferred)!;

describe('quick fixes: CloudFormation', () => {
  before(initTestGrammars);

  it('YAML: a TargetGroupAttributes list is added to the target group, short tags and comments untouched', () => {
    const base = fixture('cloudformation/internal-nlb.yaml');
    const files = [{ ...base, text: base.text.replace('      HealthCheckProtocol: TCP\n', '      HealthCheckProtocol: TCP # probes the node port\n') }];
    const fx = fixesOf(files, 'HP101');
    const [after] = assertFixes(files, fx, preferredOf(fx));
    assert.match(after!.text, /Value: !Sub '\$\{AWS::StackName\}-gw'\n {6}TargetGroupAttributes:\n {8}- Key: preserve_client_ip\.enabled\n {10}Value: "false"\n\n {2}GatewayListener:/);
    assert.match(after!.text, /HealthCheckProtocol: TCP # probes the node port\n/);
  });

  it('YAML: an entry is appended to an existing list in its quoting; a !Ref value is named, not edited', () => {
    const base = fixture('cloudformation/internal-nlb.yaml');
    const files = [{ ...base, text: base.text.replace("      HealthCheckProtocol: TCP\n", "      HealthCheckProtocol: TCP\n      TargetGroupAttributes:\n        - Key: deregistration_delay.timeout_seconds\n          Value: '30'\n") }];
    const fx = fixesOf(files, 'HP101');
    const [after] = assertFixes(files, fx, preferredOf(fx));
    assert.match(after!.text, /Value: '30'\n {8}- Key: preserve_client_ip\.enabled\n {10}Value: 'false'\n/);
    const cz = fixesOf(files, 'HP103').proposals.find((p) => p.mitigation === 'disable-cross-zone')!;
    assert.deepEqual(cz.edits, []);
    assert.match(cz.unavailable!, /!Ref CrossZone/);
  });

  it('YAML: an empty `TargetGroupAttributes:` (bare, `~ # later`, CRLF) is filled in place, its comment kept', () => {
    const base = fixture('cloudformation/internal-nlb.yaml');
    const at = '      HealthCheckProtocol: TCP\n';
    for (const [written, kept, nl] of [
      ['TargetGroupAttributes:', 'TargetGroupAttributes:', '\n'],
      ['TargetGroupAttributes: ~ # later', 'TargetGroupAttributes: # later', '\r\n'],
    ]) {
      const files = [{ ...base, text: base.text.replace(at, `${at}      ${written}\n`).replace(/\n/g, nl) }];
      const fx = fixesOf(files, 'HP101');
      const [after] = assertFixes(files, fx, preferredOf(fx));
      assert.ok(after!.text.includes(`      ${kept}${nl}        - Key: preserve_client_ip.enabled${nl}          Value: "false"${nl}`), after!.text);
    }
  });

  it('JSON with a byte order mark: the edit keeps it and the template still reads', () => {
    const base = fixture('cloudformation/cdk.out/GatewayNlbStack.template.json');
    const files = [{ ...base, text: `\uFEFF${base.text}` }];
    const fx = fixesOf(files, 'HP101');
    const [after] = assertFixes(files, fx, preferredOf(fx));
    assert.ok(after!.text.startsWith('\uFEFF{'));
  });

  it('JSON (cdk synth output): the property is added with JSON quoting and the file still parses; a written value keeps its indentation', () => {
    const files = [fixture('cloudformation/cdk.out/GatewayNlbStack.template.json')];
    const fx = fixesOf(files, 'HP101');
    const [added] = assertFixes(files, fx, preferredOf(fx));
    // cdk synth indents by one space; the new list does too.
    assert.match(added!.text, /"Ref": "Vpc8378EB38"\n {4}\},\n {4}"TargetGroupAttributes": \[\n {5}\{\n {6}"Key": "preserve_client_ip\.enabled",\n {6}"Value": "false"\n {5}\}\n {4}\]\n {3}\},/);
    const hp103 = fixesOf(files, 'HP103');
    const cz = hp103.proposals.find((p) => p.mitigation === 'disable-cross-zone')!;
    const [after] = assertFixes(files, hp103, cz);
    assert.equal(after!.text, files[0]!.text.replace(/("Key": "load_balancing.cross_zone.enabled",\n\s*"Value": )"true"/, '$1"false"'));
  });

  it('JSON: a boolean stays a boolean, and TargetType is replaced in place', () => {
    const base = fixture('cloudformation/ip-targets.json');
    // Instance targets: the cluster's worker nodes, registered by their Auto Scaling group.
    const nodes = '"NodeGroup": { "Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": { "MinSize": "6", "MaxSize": "6", "TargetGroupARNs": [{ "Ref": "PodTargets" }] } },\n    "WebAlb": {';
    const withNodes = base.text.replace('"WebAlb": {', nodes);
    const files = [{ ...base, text: withNodes.replace('"TargetType": "ip"', '"TargetType": "instance"') }];
    const fx = fixesOf(files, 'HP103');
    const cz = fx.proposals.find((p) => p.mitigation === 'disable-cross-zone')!;
    assert.match(assertFixes(files, fx, cz)[0]!.text, /"Key": "load_balancing.cross_zone.enabled", "Value": false \}/);
    const ip = fixesOf(files, 'HP101').proposals.find((p) => p.mitigation === 'ip-targets')!;
    assert.equal(assertFixes(files, fixesOf(files, 'HP101'), ip)[0]!.text, withNodes);
  });
});

describe('quick fixes: CDK', () => {
  before(initTestGrammars);

  it('TypeScript: preserveClientIp is added to the addTargets props with their trailing comma', () => {
    const files = [fixture('cdk/gateway-nlb-stack.ts')];
    const fx = fixesOf(files, 'HP101');
    const p = preferredOf(fx);
    assert.equal(p.title, 'Disable client IP preservation (in-cluster failures 1/6 → 0)');
    const [after] = assertFixes(files, fx, p);
    assert.match(after!.text, /healthCheck: \{ protocol: elbv2\.Protocol\.TCP \},\n {6}preserveClientIp: false,\n {4}\}\);/);
    const cz = fixesOf(files, 'HP103').proposals.find((x) => x.mitigation === 'disable-cross-zone')!;
    assert.match(cz.unavailable!, /crossZone/);
  });

  it('Python: preserve_client_ip=False as a keyword argument; a written True becomes False', () => {
    const files = [fixture('cdk/gateway_nlb_stack.py')];
    const fx = fixesOf(files, 'HP101');
    const [after] = assertFixes(files, fx, preferredOf(fx));
    assert.match(after!.text, /for node in nodes\],\n {12}preserve_client_ip=False,\n {8}\)/);
    // The pods target group registers one address (`IpTarget("10.0.1.10")`): a host that runs the backend
    // itself (issue 10, kind D), so a process on it calling its own NLB is dropped (HP102), not a pod hairpin.
    const wiring = [fixture('cdk/wiring.py')];
    const pods = fixesOf(wiring, 'HP102', {}, 'cdk/wiring.py');
    assert.equal(pods.finding.probabilityExact, '1');
    const [fixed] = assertFixes(wiring, pods, preferredOf(pods));
    assert.equal(fixed!.text, wiring[0]!.text.replace('preserve_client_ip=True', 'preserve_client_ip=False'));
  });

  it('a comment after the last prop stays on its line, with or without a trailing comma, in TypeScript and Python', () => {
    const ts = fixture('cdk/gateway-nlb-stack.ts');
    const py = fixture('cdk/gateway_nlb_stack.py');
    // [file, the last prop's line as written, the same line after the fix]
    for (const [file, from, written, kept] of [
      [ts, 'TCP },\n', 'TCP }, // node port probe\n', 'TCP }, // node port probe\n      preserveClientIp: false,\n'],
      [ts, 'TCP },\n', 'TCP } /* probe */\n', 'TCP }, /* probe */\n      preserveClientIp: false\n'],
      [py, 'nodes],\n', 'nodes],  # all nodes\n', 'nodes],  # all nodes\n            preserve_client_ip=False,\n'],
      [py, 'nodes],\n', 'nodes]  # all nodes\n', 'nodes],  # all nodes\n            preserve_client_ip=False\n'],
    ] as const) {
      const files = [{ ...file, text: file.text.replace(from, written) }];
      const fx = fixesOf(files, 'HP101');
      const [after] = assertFixes(files, fx, preferredOf(fx));
      assert.equal(after!.text, files[0]!.text.replace(written, kept));
    }
  });

  it('TypeScript: a setAttribute string keeps its quotes; a one-line props object gets `, prop`', () => {
    const text = [
      "import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';",
      'export function build(scope: any, vpc: any, nodes: any[]) {',
      "  const nlb = new elbv2.NetworkLoadBalancer(scope, 'Nlb', { vpc, crossZoneEnabled: true });",
      "  const listener = nlb.addListener('Tcp', { port: 443 });",
      "  const tg = listener.addTargets('Nodes', { port: 30443, targets: nodes });",
      "  tg.setAttribute('preserve_client_ip.enabled', 'true'); // platform default",
      '}',
      '',
    ].join('\n');
    const files = [{ path: 'cdk/attrs.ts', text }];
    const fx = fixesOf(files, 'HP101');
    assert.equal(assertFixes(files, fx, preferredOf(fx))[0]!.text, text.replace("'true'", "'false'"));
    const proxy = fx.proposals.find((p) => p.mitigation === 'proxy-protocol')!;
    assert.match(assertFixes(files, fx, proxy)[0]!.text, /\{ port: 30443, targets: nodes, proxyProtocolV2: true \}/);
  });
});
