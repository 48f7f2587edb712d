import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** DESIGN.md "Boundaries": breaking one fails CI. */
describe('architecture boundaries', () => {
  it('the engine (server/src/core) imports only pure libraries and its own files', () => {
    const allowed = /^(\.{1,2}\/|yaml$|web-tree-sitter$|@tree-sitter-grammars\/|tree-sitter-)/;
    for (const file of sources(join(ROOT, 'server/src/core'))) {
      for (const spec of imports(file)) {
        assert.match(spec, allowed, `${relative(ROOT, file)} imports ${spec}`);
        if (spec.startsWith('.')) assert.ok(!/\/(lsp|cli)\//.test(spec), `${relative(ROOT, file)} reaches out of core: ${spec}`);
      }
    }
  });

  it('the engine does not read the clock or the environment', () => {
    for (const file of sources(join(ROOT, 'server/src/core'))) {
      const text = readFileSync(file, 'utf8');
      assert.ok(!/\b(Date\.now|new Date\(|performance\.now|process\.(env|hrtime|argv|cwd|stdout|stderr))/.test(text), `${relative(ROOT, file)} reads the clock or process`);
    }
  });

  it('the client never imports the engine; it talks to the server', () => {
    for (const file of sources(join(ROOT, 'client/src'))) {
      for (const spec of imports(file)) assert.ok(!/server\/src\/(core|lsp|cli)/.test(spec), `${relative(ROOT, file)} imports ${spec}`);
    }
  });

  it('the webview reaches the server only through protocol types, and its renderer has no vscode API', () => {
    for (const file of sources(join(ROOT, 'client/webview'))) {
      for (const spec of imports(file)) {
        assert.ok(!/server\/src\/(core|lsp|cli)/.test(spec), `${relative(ROOT, file)} imports ${spec}`);
        assert.notEqual(spec, 'vscode', `${relative(ROOT, file)} imports vscode`);
      }
    }
    for (const file of sources(join(ROOT, 'client/webview/render'))) {
      const text = readFileSync(file, 'utf8');
      assert.ok(!/acquireVsCodeApi|\.\.\/main['"]/.test(text), `${relative(ROOT, file)} reaches the VS Code glue`);
      assert.ok(!/\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write/.test(text), `${relative(ROOT, file)} writes markup; use textContent`);
    }
  });

  it('the LSP and CLI glue do not import each other', () => {
    for (const file of sources(join(ROOT, 'server/src/lsp'))) for (const spec of imports(file)) assert.ok(!spec.includes('/cli/'), `${relative(ROOT, file)} imports ${spec}`);
    for (const file of sources(join(ROOT, 'server/src/cli'))) for (const spec of imports(file)) assert.ok(!spec.includes('/lsp/'), `${relative(ROOT, file)} imports ${spec}`);
  });
});
