import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import { frontendAt } from '../../server/src/core/explain/frontend-at';
import { lensesFor } from '../../server/src/core/explain/lens';
import { fixture } from '../helpers/fixtures';
import { initTestGrammars } from '../helpers/grammars';

const FORMATS = ['service.yaml', 'main.tf', 'template.yaml', 'stack.ts', 'stack.py'];

describe('code lens text and the frontend at a position, in every format', () => {
  before(() => initTestGrammars());

  for (const name of FORMATS) {
    it(`${name}: one lens on the load balancer's head, saying 1 in 6 in-cluster connections fail`, () => {
      const file = fixture(`same-nlb/${name}`);
      const r = analyze([file]);
      const lenses = lensesFor(r, file.path);
      assert.deepEqual(lenses.map((l) => l.title), ['▶ 1 in 6 in-cluster connections fail: show handshake']);
      assert.deepEqual(lenses[0]!.span, r.frontends[0]!.frontend.loadBalancer.head);
      // The lens position finds the same frontend the trace request will simulate.
      assert.equal(frontendAt(r, file.path, lenses[0]!.span.start)?.frontend.id, r.frontends[0]!.frontend.id);
    });
  }

  it('a safe NLB gets a check mark with the number of clients simulated', () => {
    const file = fixture('k8s/preservation-off.yaml');
    const r = analyze([file]);
    assert.deepEqual(lensesFor(r, file.path).map((l) => l.title), ['✓ no handshake failures (2 clients simulated)']);
  });

  it('an NLB no client could be simulated against gets no check mark: the lens says why nothing was simulated', () => {
    const file = fixture('cloudformation/ip-targets.json');
    const r = analyze([file]);
    assert.deepEqual(lensesFor(r, file.path).map((l) => l.title), ['○ no handshake simulated: no client is assumed while the targets are unknown']);
  });

  it('collisions alone (ip targets with preservation on) still get a lens that shows the handshake', () => {
    const file = fixture('k8s/ip-targets.yaml');
    const text = file.text.replace(/(aws-load-balancer-nlb-target-type: ip)/, '$1\n    service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: preserve_client_ip.enabled=true');
    const r = analyze([{ ...file, text }]);
    const titles = lensesFor(r, file.path).map((l) => l.title);
    assert.equal(titles.length, 1);
    assert.match(titles[0]!, /^▶ /);
  });

  it('a position inside the resource but on no value still finds it; a position in another document does not', () => {
    const file = fixture('k8s/multi-doc.yaml');
    const r = analyze([file]);
    assert.ok(r.frontends.length >= 1);
    const a = r.frontends[0]!;
    const inside = file.text.indexOf('externalTrafficPolicy');
    assert.equal(frontendAt(r, file.path, inside)?.frontend.id, a.frontend.id);
    assert.equal(frontendAt(r, file.path, 0), undefined, 'the first line of the file is outside every NLB resource');
    assert.equal(frontendAt(r, 'elsewhere.yaml', inside), undefined);
  });

  it('a local module’s NLB: a lens on each module call for its own instance, and positions in the call find that instance', () => {
    const files = ['live/main.tf', 'modules/nlb/main.tf'].map((f) => ({ ...fixture(`terraform-modules/wrapper-lb/${f}`), path: f }));
    const r = analyze(files);
    const live = files[0]!;
    const lenses = lensesFor(r, live.path);
    assert.deepEqual(
      lenses.map((l) => [live.text.slice(l.span.start, l.span.end), l.title]),
      [
        ['module "preserving"', '▶ 1 in 6 in-cluster connections fail: show handshake'],
        ['module "not_preserving"', '✓ no handshake failures (2 clients simulated)'],
      ],
    );
    for (const l of lenses) assert.equal(frontendAt(r, live.path, l.span.start)?.frontend.id, l.frontendId);
    assert.match(frontendAt(r, live.path, live.text.indexOf('node_port          = 31381'))!.frontend.id, /module\.not_preserving\./);
    assert.deepEqual(lensesFor(r, 'modules/nlb/main.tf').map((l) => l.title), ['▶ 1 in 6 in-cluster connections fail: show handshake']);
    // The language server names files by URI (a colon in every folder).
    const uris = files.map((f) => ({ ...f, path: `file:///ws/${f.path}` }));
    assert.equal(lensesFor(analyze(uris), uris[0]!.path).length, 2);
  });
});
