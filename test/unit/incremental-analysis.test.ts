/**
 * The language server's incremental analysis (per-file facts by version, cached module facts, joins,
 * simulations and per-frontend findings) must give exactly what a fresh `analyze()` gives over the same
 * files, after any sequence of edits, opens, closes, deletions and severity changes.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../server/src/core/analyze';
import { AnalysisCache } from '../../server/src/core/cache/analysis-cache';
import type { SourceFile } from '../../server/src/core/model/workspace';
import { isAnalysablePath, readFile } from '../../server/src/core/parse/read-file';
import type { SeverityThresholds } from '../../server/src/core/rules/severity';
import { AnalysisState } from '../../server/src/lsp/analysis-state';
import { FIXTURES } from '../helpers/fixtures';
import { initTestGrammars } from '../helpers/grammars';

function fixtureFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? fixtureFiles(p) : isAnalysablePath(p) ? [p] : [];
  });
}

/** Edits that change what a file means: target types, cross-zone, preservation, replicas, ports, nothing at all. */
const EDITS: ((t: string) => string)[] = [
  (t) => t,
  (t) => t.replace(/instance/, 'ip'),
  (t) => t.replace(/cross_zone\.enabled=true/, 'cross_zone.enabled=false').replace(/= true/, '= false'),
  (t) => t.replace(/replicas: \d+/, 'replicas: 7').replace(/desired_size\s*=\s*\d+/, 'desired_size = 5'),
  (t) => t.replace(/(\d{4,5})/, (n) => String(Number(n) + 1)),
  (t) => `# a comment that moves every position\n${t}`,
  // Often the same facts by value (kept by the state as the previous read's objects), sometimes a syntax error.
  (t) => `${t}\n# a comment after everything\n`,
  () => '',
];

type Op =
  | { kind: 'disk'; file: number; edit: number }
  | { kind: 'delete'; file: number }
  | { kind: 'open'; file: number; edit: number }
  | { kind: 'close'; file: number }
  | { kind: 'severity'; error: number };

const op = (files: number): fc.Arbitrary<Op> =>
  fc.oneof(
    fc.record({ kind: fc.constant('disk' as const), file: fc.nat(files - 1), edit: fc.nat(EDITS.length - 1) }),
    fc.record({ kind: fc.constant('delete' as const), file: fc.nat(files - 1) }),
    fc.record({ kind: fc.constant('open' as const), file: fc.nat(files - 1), edit: fc.nat(EDITS.length - 1) }),
    fc.record({ kind: fc.constant('close' as const), file: fc.nat(files - 1) }),
    fc.record({ kind: fc.constant('severity' as const), error: fc.constantFrom(0.01, 0.2, 0.5) }),
  );

describe('incremental analysis equals a fresh analyze()', () => {
  let pool: SourceFile[] = [];
  before(async () => {
    await initTestGrammars();
    // `.hairpin.yaml` is the cluster configuration, not a workspace file: cluster-config tests cover it.
    pool = fixtureFiles(FIXTURES).filter((p) => !p.endsWith('.hairpin.yaml')).map((p) => ({ path: `file:///ws/${relative(FIXTURES, p)}`, text: readFileSync(p, 'utf8') }));
  });

  it('over random edit sequences', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.array(op(pool.length), { minLength: 1, maxLength: 25 }), (ops) => {
        const state = new AnalysisState();
        // The same files, in the order the state analyses them: disk files not open, then open documents.
        const disk = new Map<string, string>();
        const open = new Map<string, { text: string; version: number }>();
        let thresholds: SeverityThresholds = { error: 0.01, warning: 0.0001 };
        for (const o of ops) {
          if (o.kind === 'severity') {
            thresholds = { error: o.error, warning: 0.0001 };
            state.thresholds = thresholds;
            continue;
          }
          const file = pool[o.file]!;
          if (o.kind === 'disk') {
            const text = EDITS[o.edit]!(file.text);
            state.setDisk(file.path, text);
            disk.set(file.path, text);
          } else if (o.kind === 'delete') {
            state.removeDisk(file.path);
            disk.delete(file.path);
          } else if (o.kind === 'open') {
            const text = EDITS[o.edit]!(file.text);
            const version = (open.get(file.path)?.version ?? 0) + 1;
            const language = file.path.endsWith('.tf') ? 'terraform' : file.path.endsWith('.yaml') || file.path.endsWith('.yml') ? 'yaml' : 'plaintext';
            state.update(TextDocument.create(file.path, language, version, text));
            open.set(file.path, { text, version });
          } else {
            state.remove(file.path);
            open.delete(file.path);
          }
          const incremental = state.analyze();
          const files: SourceFile[] = [
            ...[...disk].filter(([p]) => !open.has(p)).map(([path, text]) => ({ path, text })),
            ...[...open].map(([path, d]) => ({ path, text: d.text, ...(path.endsWith('.yaml') || path.endsWith('.yml') ? { language: 'yaml' as const } : {}) })),
          ];
          const fresh = analyze(files, { traces: false, thresholds });
          assert.deepEqual(incremental, fresh);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('a YAML edit does not evaluate Terraform modules or Gateway API joins again', () => {
    const cache = new AnalysisCache();
    const tf = pool.filter((f) => f.path.endsWith('.tf')).map((f) => readFile(f));
    const yaml = pool.filter((f) => f.path.includes('/gateway-api/')).map((f) => readFile(f));
    const modules = cache.terraform([...tf, ...yaml]);
    const gateways = cache.gatewayApi([...tf, ...yaml]);
    assert.ok(modules.length > 0 && gateways.length > 0);
    // Another YAML file (no gateway, no Service) is read: module facts and gateway joins are the same objects.
    const other = readFile({ path: 'file:///ws/other.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' });
    const files = [...tf, ...yaml, other];
    assert.ok(cache.terraform(files).every((m, i) => m === modules[i]));
    assert.equal(cache.gatewayApi(files), gateways);
    // A .tf file read again re-evaluates its module only.
    const edited = tf.map((f, i) => (i === 0 ? readFile(pool.find((p) => p.path === f.file)!) : f));
    const again = cache.terraform([...edited, ...yaml]);
    assert.equal(again.filter((m, i) => m !== modules[i]).length, 1);
  });

  it('an edit that keeps every file\'s link facts equal by value does not link again, and gives what a fresh analysis gives', () => {
    // One file of each format, with text added where it changes no fact.
    const after: Record<string, (t: string) => string> = { yaml: (t) => `${t}\n# owner: platform\n`, tf: (t) => `${t}\n# owner: platform\n`, json: (t) => `${t}\n\n`, ts: (t) => `${t}\n// owner: platform\n`, py: (t) => `${t}\n# owner: platform\n` };
    const ext = (p: string) => p.slice(p.lastIndexOf('.') + 1);
    const kinds = Object.keys(after).map((k) => pool.filter((f) => ext(f.path) === k && readFile(f).listeners.length + readFile(f).services.length + (readFile(f).terraform ? 1 : 0) > 0));
    assert.ok(kinds.every((k) => k.length > 0), 'a fixture of each format that says something to linking');
    const state = new AnalysisState();
    const files = kinds.flatMap((k) => k.slice(0, 2));
    for (const f of files) state.setDisk(f.path, f.text);
    const first = state.analyze();
    const links = state.links;
    const texts = new Map(files.map((f) => [f.path, f.text]));
    for (const f of files) {
      const text = after[ext(f.path)]!(f.text);
      state.setDisk(f.path, text);
      texts.set(f.path, text);
      const result = state.analyze();
      assert.equal(state.links, links, `${f.path}: linked again`);
      assert.equal(result.frontends, first.frontends, `${f.path}: the same frontends`);
      assert.deepEqual(result, analyze([...texts].map(([path, t]) => ({ path, text: t })), { traces: false }));
    }
    // Removing a file that holds a load balancer links again.
    state.removeDisk(files[0]!.path);
    state.analyze();
    assert.equal(state.links, links + 1);
  });

  it('a second analysis without a change is flagged as not needed', () => {
    const state = new AnalysisState();
    state.setDisk(pool[0]!.path, pool[0]!.text);
    assert.equal(state.dirty, true);
    state.analyze();
    assert.equal(state.dirty, false);
    state.setDisk(pool[0]!.path, pool[0]!.text);
    assert.equal(state.dirty, false, 'the same text again is not a change');
  });
});
