/**
 * A helm_release's values file (`values = [file(...)]`) is an input of that release: editing it in the
 * editor re-analyses the release, and the finding, which points into the values file, follows the edit.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startInitialized } from './helpers/lsp-client';
import { workspace } from './helpers/workspace';

const T = { timeout: 30_000 };
const LBC = 'service.beta.kubernetes.io/aws-load-balancer';

const RELEASE = `resource "helm_release" "ingress" {
  name      = "ingress-nginx"
  chart     = "ingress-nginx"
  namespace = "ingress-nginx"
  values    = [file("\${path.module}/values/ingress.yaml")]
}
`;

const values = (scheme: string) => ['controller:', '  service:', '    annotations:', `      ${LBC}-type: external`, `      ${LBC}-scheme: ${scheme}`, `      ${LBC}-nlb-target-type: instance`, ''].join('\n');

describe('a Terraform values file in the editor', () => {
  it('editing the values file re-analyses the helm_release that reads it; the finding points into the values file', T, async (t) => {
    const ws = workspace({ 'infra/main.tf': RELEASE, 'infra/values/ingress.yaml': values('internal') });
    const { client } = await startInitialized(ws.root);
    t.after(() => client.dispose());
    const uri = ws.uri('infra/values/ingress.yaml');
    await client.open(uri, 'yaml', values('internal'), 1);
    const first = await client.waitForDiagnostics(uri, (p) => p.version === 1 && p.diagnostics.some((d) => d.code === 'HP101'));
    const hp101 = first.diagnostics.find((d) => d.code === 'HP101')!;
    // Line 5 is the target type, `instance`: the value that decides the hairpin.
    assert.deepEqual([hp101.range.start.line, hp101.range.start.character], [5, values('internal').split('\n')[5]!.indexOf('instance')]);

    await client.change(uri, 2, values('internet-facing'));
    const second = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.ok(!second.diagnostics.some((d) => d.code === 'HP101'), JSON.stringify(second.diagnostics.map((d) => d.message)));

    await client.change(uri, 3, values('internal'));
    const third = await client.waitForDiagnostics(uri, (p) => p.version === 3);
    assert.ok(third.diagnostics.some((d) => d.code === 'HP101'));
    await client.shutdown();
  });
});
