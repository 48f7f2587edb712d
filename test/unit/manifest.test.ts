import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const c = pkg.contributes;

/** The manifest's promises, checked against the files that keep them (kube-linter's self-check habit). */
describe('package.json contributions', () => {
  it('every setting has a description and a default', () => {
    for (const [key, prop] of Object.entries<Record<string, unknown>>(c.configuration.properties)) {
      assert.ok(typeof (prop.description ?? prop.markdownDescription) === 'string', `${key} has no description`);
      assert.ok('default' in prop, `${key} has no default`);
    }
  });

  it('every command is in the Hairpin category, and every menu entry names one of them', () => {
    const ids = new Set<string>(c.commands.map((x: { command: string }) => x.command));
    for (const cmd of c.commands) assert.equal(cmd.category, 'Hairpin', cmd.command);
    for (const [menu, entries] of Object.entries<{ command: string }[]>(c.menus)) for (const e of entries) assert.ok(ids.has(e.command), `${menu}: ${e.command}`);
  });

  it('activation is lazy: languages, the cluster file and the panel, never "*"', () => {
    for (const e of ['onLanguage:yaml', 'onLanguage:json', 'onLanguage:terraform', 'onLanguage:typescript', 'onLanguage:python', 'workspaceContains:**/.hairpin.yaml', 'onWebviewPanel:hairpin.handshake']) {
      assert.ok(pkg.activationEvents.includes(e), e);
    }
    assert.ok(!pkg.activationEvents.includes('*'));
  });

  it('grammars, language configurations, walkthrough pages and the icon exist', () => {
    for (const g of c.grammars) assert.ok(existsSync(join(ROOT, g.path)), g.path);
    for (const l of c.languages) assert.ok(existsSync(join(ROOT, l.configuration)), l.configuration);
    // The fallback HCL language claims no file by itself (see client/src/hcl-fallback.ts).
    assert.deepEqual(c.languages.map((l: { id: string; extensions?: string[] }) => [l.id, l.extensions]), [['hairpin-hcl', undefined]]);
    for (const w of c.walkthroughs) {
      for (const step of w.steps) {
        assert.ok(existsSync(join(ROOT, step.media.markdown)), step.media.markdown);
        assert.ok(step.completionEvents.length > 0, step.id);
        // Pictures a page shows must ship (.vscodeignore lets docs/images through).
        for (const [, img] of readFileSync(join(ROOT, step.media.markdown), 'utf8').matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) {
          assert.ok(existsSync(join(ROOT, 'media', 'walkthrough', img!)), `${step.media.markdown}: ${img}`);
        }
      }
    }
    const png = readFileSync(join(ROOT, pkg.icon));
    assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });
});
