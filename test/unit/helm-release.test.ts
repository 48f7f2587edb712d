import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import { FIXTURES, ruleIds, textAt } from '../helpers/fixtures';
import { initTestGrammars } from '../helpers/grammars';

const dir = join(FIXTURES, 'terraform', 'helm');
const files = readdirSync(dir).filter((f) => f.endsWith('.tf')).map((f) => ({ path: `terraform/helm/${f}`, text: readFileSync(join(dir, f), 'utf8') }));

describe('helm_release of the istio/gateway chart', () => {
  before(() => initTestGrammars());

  it('its yamlencode() values and set blocks describe the gateway Service, with spans in the .tf file', () => {
    const r = analyze(files);
    const f = r.frontends.find((x) => x.frontend.service?.name === 'istio-ingressgateway');
    assert.ok(f, JSON.stringify(r.frontends.map((x) => x.frontend.name)));
    const main = files.find((x) => x.path === f.frontend.file)!;
    assert.equal(f.frontend.loadBalancer.scheme.value, 'internal');
    assert.equal(textAt(main, f.frontend.loadBalancer.scheme.span!), '"internal"');
    assert.equal(f.frontend.loadBalancer.manager.value, 'aws-load-balancer-controller');
    assert.equal(f.frontend.service?.namespace, 'istio-system');
    assert.equal(f.cluster.endpoints.origin, 'inferred');
    assert.match(f.cluster.endpoints.why!, /^3 replica/);
    // The YAML string (a heredoc) is merged in Helm's order: externalTrafficPolicy: Local applies.
    assert.equal(f.frontend.trafficPolicy.value, 'Local');
    assert.equal(textAt(main, f.frontend.trafficPolicy.span!).trimStart().startsWith('<<-EOT'), true, 'an indented heredoc is not the source unchanged: its values point at the heredoc');
    assert.ok(ruleIds(r).includes('HP101'));
    // The values file it names is not in the fixture: a notice names the expression and the path; the release stays.
    assert.ok(r.notices.some((n) => n.message.includes('helm_release.gateway: values entry file(…) is not read: file("./values/gateway.yaml"): terraform/helm/values/gateway.yaml is not among the files Hairpin read')), r.notices.map((n) => n.message).join('\n'));
  });
});
