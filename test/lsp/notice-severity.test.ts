/**
 * Notices are about how Hairpin read a file, not failing handshakes: info notices (an annotation the
 * in-tree provider ignores, a skipped Helm template) are Information, listed in the Problems panel;
 * warning and error notices (a value that cannot be read, a YAML syntax error) are Warning, never
 * Error. Hint, shown faintly, is left to the unused suppression (HP001), tagged Unnecessary.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { startInitialized } from './helpers/lsp-client';
import { workspace } from './helpers/workspace';

const T = { timeout: 30_000 };
const LBC = 'service.beta.kubernetes.io';

/** An in-tree (`aws-load-balancer-type: nlb`) Service with extra annotations and comment lines. */
function inTreeService(annotations: readonly string[]): string {
  return [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: edge',
    '  annotations:',
    `    ${LBC}/aws-load-balancer-type: nlb`,
    ...annotations.map((a) => `    ${a}`),
    'spec:',
    '  type: LoadBalancer',
    '  selector:',
    '    app: edge',
    '  ports:',
    '    - port: 443',
    '      targetPort: 8443',
    '',
  ].join('\n');
}

const message = (d: Diagnostic) => String(d.message);

describe('notice severities over LSP', () => {
  it('info notices are Information, warning notices Warning, an unused suppression stays a Hint', T, async (t) => {
    const ws = workspace({});
    const { client } = await startInitialized(ws.root);
    t.after(() => client.dispose());
    const uri = ws.uri('edge.yaml');
    const text = inTreeService([
      // Ignored by the in-tree provider (info).
      `${LBC}/aws-load-balancer-nlb-target-type: ip`,
      `${LBC}/aws-load-balancer-scheme: internal`,
      // Values that cannot be read (warning).
      `${LBC}/aws-load-balancer-cross-zone-load-balancing-enabled: "maybe"`,
      `${LBC}/aws-load-balancer-proxy-protocol: "yes"`,
      // Suppresses nothing (HP001).
      '# hairpin-ignore HP104 the backend reads PROXY v2',
      `${LBC}/aws-load-balancer-healthcheck-interval: "10"`,
    ]);
    await client.open(uri, 'yaml', text, 1);
    const p = await client.waitForDiagnostics(uri, (x) => x.version === 1);
    const notices = p.diagnostics.filter((d) => d.code === undefined);
    const ignored = notices.filter((d) => / is ignored: /.test(message(d)));
    const unreadable = notices.filter((d) => /is not a boolean|is not one of/.test(message(d)));
    assert.equal(ignored.length, 2, JSON.stringify(notices));
    assert.equal(unreadable.length, 2, JSON.stringify(notices));
    for (const d of ignored) assert.equal(d.severity, DiagnosticSeverity.Information, message(d));
    for (const d of unreadable) assert.equal(d.severity, DiagnosticSeverity.Warning, message(d));
    assert.ok(notices.every((d) => d.severity !== DiagnosticSeverity.Hint && d.severity !== DiagnosticSeverity.Error), JSON.stringify(notices));
    const hp001 = p.diagnostics.find((d) => d.code === 'HP001');
    assert.equal(hp001?.severity, DiagnosticSeverity.Hint, JSON.stringify(p.diagnostics));
    assert.deepEqual(hp001?.tags, [DiagnosticTag.Unnecessary]);
    await client.shutdown();
  });

  it('a YAML syntax error and a skipped Helm template: Warning and Information', T, async (t) => {
    const ws = workspace({});
    const { client } = await startInitialized(ws.root);
    t.after(() => client.dispose());
    const broken = ws.uri('broken.yaml');
    await client.open(broken, 'yaml', 'kind: Service\n  bad: [\n', 1);
    const b = await client.waitForDiagnostics(broken, (x) => x.version === 1);
    assert.ok(b.diagnostics.length > 0 && b.diagnostics.every((d) => d.severity === DiagnosticSeverity.Warning), JSON.stringify(b.diagnostics));
    const helm = ws.uri('templates/svc.yaml');
    await client.open(helm, 'yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n', 1);
    const h = await client.waitForDiagnostics(helm, (x) => x.version === 1);
    assert.deepEqual(h.diagnostics.map((d) => d.severity), [DiagnosticSeverity.Information], JSON.stringify(h.diagnostics));
    await client.shutdown();
  });
});
