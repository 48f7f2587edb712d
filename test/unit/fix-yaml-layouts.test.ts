import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import { assertFixes, fixesOf } from '../helpers/fix';
import { fixture } from '../helpers/fixtures';
import { initTestGrammars } from '../helpers/grammars';

/** A controller-managed Service (loadBalancerClass) whose `annotations` lines are `ann`. */
const service = (ann: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: gw\n${ann}spec:\n  type: LoadBalancer\n  loadBalancerClass: service.k8s.aws/nlb\n  ports:\n    - port: 443\n      nodePort: 31443\n`;
const TGA = 'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes';

/** Every offered edit of HP101 applied: the finding goes, nothing new comes, the rest of the file is unchanged. */
function fixesEachWay(text: string): string {
  const files = [{ path: 'svc.yaml', text }];
  const fx = fixesOf(files, 'HP101');
  const withEdits = fx.proposals.filter((p) => p.edits.length > 0);
  assert.ok(withEdits.length > 0, fx.proposals.map((p) => p.unavailable).join('\n'));
  for (const p of withEdits) assertFixes(files, fx, p);
  return assertFixes(files, fx, fx.proposals.find((p) => p.preferred)!)[0]!.text;
}

describe('quick fixes: YAML annotation layouts', () => {
  before(initTestGrammars);

  it('an `annotations:` key with only a comment: the annotation goes below it and the comment stays on its line', () => {
    const after = fixesEachWay(service('  annotations: # none yet\n'));
    assert.equal(after, service(`  annotations: # none yet\n    ${TGA}: preserve_client_ip.enabled=false\n`));
  });

  it('`annotations: null # c` and `annotations: ~`: the null goes, the comment stays', () => {
    assert.equal(fixesEachWay(service('  annotations: null # c\n')), service(`  annotations: # c\n    ${TGA}: preserve_client_ip.enabled=false\n`));
    assert.equal(fixesEachWay(service('  annotations: ~\n').replace(/\n/g, '\r\n')), service(`  annotations:\n    ${TGA}: preserve_client_ip.enabled=false\n`).replace(/\n/g, '\r\n'));
  });

  it('an empty target-group-attributes value with a comment: the value is written before the comment', () => {
    const after = fixesEachWay(service(`  annotations:\n    ${TGA}: # todo\n`));
    assert.equal(after, service(`  annotations:\n    ${TGA}: preserve_client_ip.enabled=false # todo\n`));
  });

  it('an empty flow map written `{ }` keeps a space on both sides of the new entry', () => {
    assert.equal(fixesEachWay(service('  annotations: { }\n')), service(`  annotations: { ${TGA}: preserve_client_ip.enabled=false }\n`));
  });

  it('repeated keys in an attribute list: the last one is in force, as the controller reads it, and every copy is set', () => {
    const text = service(`  annotations:\n    ${TGA}: preserve_client_ip.enabled=false,preserve_client_ip.enabled=true\n`);
    assert.ok(analyze([{ path: 'svc.yaml', text }]).findings.some((f) => f.ruleId === 'HP101'), 'the later `true` wins');
    assert.equal(fixesEachWay(text), text.replace('enabled=true', 'enabled=false'));
    const off = service(`  annotations:\n    ${TGA}: preserve_client_ip.enabled=true,preserve_client_ip.enabled=false\n`);
    assert.ok(!analyze([{ path: 'svc.yaml', text: off }]).findings.some((f) => f.ruleId === 'HP101'));
  });

  it('a port’s own target-group-attributes annotation wins over the Service-wide one: the fix edits the per-port entry', () => {
    const ports = '  ports:\n    - name: http\n      port: 80\n      nodePort: 31080\n    - name: https\n      port: 443\n      nodePort: 31443\n';
    const text = service(`  annotations:\n    ${TGA}.443: preserve_client_ip.enabled=true\n    ${TGA}: preserve_client_ip.enabled=false\n`).replace(/ {2}ports:\n[\s\S]*$/, ports);
    const files = [{ path: 'svc.yaml', text }];
    const fx = fixesOf(files, 'HP101');
    assert.match(fx.finding.frontendId, /\/443$/);
    for (const p of fx.proposals.filter((x) => x.mitigation !== 'service-direct')) assertFixes(files, fx, p);
    const [after] = assertFixes(files, fx, fx.proposals.find((p) => p.preferred)!);
    assert.equal(after!.text, text.replace(`${TGA}.443: preserve_client_ip.enabled=true`, `${TGA}.443: preserve_client_ip.enabled=false`));
  });

  it('HP104: proxy protocol turned on per port (…-per-target-group list, or a port’s own attributes) is turned off there', async () => {
    const { readFileSync } = await import('node:fs');
    const seed = readFileSync(`${__dirname}/../../examples/istio-gateway/gateway-service.yaml`, 'utf8');
    for (const [written, expected] of [
      ['service.beta.kubernetes.io/aws-load-balancer-proxy-protocol-per-target-group: "443, 80"', 'service.beta.kubernetes.io/aws-load-balancer-proxy-protocol-per-target-group: "80"'],
      [`${TGA}.443: proxy_protocol_v2.enabled=true`, `${TGA}.443: proxy_protocol_v2.enabled=false`],
    ]) {
      const files = [{ path: 'svc.yaml', text: seed.replace('  annotations:\n', `  annotations:\n    ${written}\n`) }];
      // The Istio gateway rejects PROXY headers: HP104 on port 443.
      const fx = fixesOf(files, 'HP104');
      assert.match(fx.finding.frontendId, /\/443$/);
      const off = fx.proposals.find((p) => p.mitigation === 'disable-proxy-protocol')!;
      assert.equal(assertFixes(files, fx, off)[0]!.text, files[0]!.text.replace(written, expected));
    }
  });

  it('HP105 told once for every port of a Service: raising the listener idle timeout writes it for each port’s listener', () => {
    const files = [fixture('k8s-extra/chart/values.yaml')];
    const fx = fixesOf(files, 'HP105');
    assert.equal(fx.finding.frontendIds?.length, 3);
    const raise = fx.proposals.find((p) => p.mitigation === 'raise-listener-idle-timeout')!;
    const [after] = assertFixes(files, fx, raise);
    for (const port of ['TCP-443', 'TCP-15021', 'TCP-80']) assert.match(after!.text, new RegExp(`listener-attributes\\.${port}: tcp\\.idle_timeout\\.seconds=3660\\n`));
  });
});
