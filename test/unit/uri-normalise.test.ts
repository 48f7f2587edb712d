/**
 * Issue 11, kind 5: the one place URIs are normalised (server/src/lsp/uri.ts). Each spelling a client,
 * Node or the index may give a file comes out as VS Code's own, and that form maps back to the path.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { canonicalUri, ClientUris, pathToUri, uriToPath } from '../../server/src/lsp/uri';

/** Each row: spellings of one file that clients and Node produce, and the canonical (VS Code) form. */
const SPELLINGS: readonly { readonly kind: string; readonly spellings: readonly string[]; readonly canonical: string }[] = [
  { kind: '@', spellings: ['file:///w/team@corp/a.yaml', 'file:///w/team%40corp/a.yaml'], canonical: 'file:///w/team%40corp/a.yaml' },
  { kind: 'space', spellings: ['file:///w/my%20infra/a.yaml'], canonical: 'file:///w/my%20infra/a.yaml' },
  { kind: '#', spellings: ['file:///w/infra%232/a.yaml'], canonical: 'file:///w/infra%232/a.yaml' },
  { kind: '%', spellings: ['file:///w/100%25/a.yaml'], canonical: 'file:///w/100%25/a.yaml' },
  { kind: '+', spellings: ['file:///w/a+b/a.yaml', 'file:///w/a%2Bb/a.yaml', 'file:///w/a%2bb/a.yaml'], canonical: 'file:///w/a%2Bb/a.yaml' },
  { kind: '& =', spellings: ['file:///w/k=v&x/a.yaml', 'file:///w/k%3Dv%26x/a.yaml'], canonical: 'file:///w/k%3Dv%26x/a.yaml' },
  { kind: '[ ]', spellings: ['file:///w/%5Bprod%5D/a.yaml', 'file:///w/%5bprod%5d/a.yaml'], canonical: 'file:///w/%5Bprod%5D/a.yaml' },
  { kind: 'non-ASCII', spellings: ['file:///w/%C3%BCn%C3%AF/%E6%97%A5%E6%9C%AC.yaml', 'file:///w/%c3%bcn%c3%af/%e6%97%a5%e6%9c%ac.yaml', 'file:///w/ünï/日本.yaml'], canonical: 'file:///w/%C3%BCn%C3%AF/%E6%97%A5%E6%9C%AC.yaml' },
  { kind: "$ , ; : ' ( ) ! * ~", spellings: ["file:///w/a$,;:'()!*%7E/a.yaml", 'file:///w/a%24%2C%3B%3A%27%28%29%21%2A~/a.yaml'], canonical: 'file:///w/a%24%2C%3B%3A%27%28%29%21%2A~/a.yaml' },
  { kind: 'Windows drive letter', spellings: ['file:///C:/Users/me/a.yaml', 'file:///c%3A/Users/me/a.yaml', 'file:///c%3a/Users/me/a.yaml', 'file:///c:/Users/me/a.yaml'], canonical: 'file:///c%3A/Users/me/a.yaml' },
  { kind: 'scheme case and localhost', spellings: ['FILE:///w/a.yaml', 'File:///w/a.yaml', 'file://localhost/w/a.yaml', 'file://LOCALHOST/w/a.yaml'], canonical: 'file:///w/a.yaml' },
];

describe('canonicalUri (issue 11, kind 5)', () => {
  for (const row of SPELLINGS) {
    it(`every spelling of a path with ${row.kind} has one canonical form`, () => {
      for (const s of row.spellings) assert.equal(canonicalUri(s), row.canonical, s);
      assert.equal(canonicalUri(row.canonical), row.canonical, 'the canonical form is a fixed point');
    });
  }

  it('a UNC host is kept', () => {
    assert.equal(canonicalUri('file://server/share/a%40b.yaml'), 'file://server/share/a%40b.yaml');
    assert.equal(canonicalUri('file://server/share/a@b.yaml'), 'file://server/share/a%40b.yaml');
  });

  it('URIs that are not files are left exactly as the client sent them', () => {
    for (const uri of ['untitled:Untitled-1', 'untitled:/a@b.yaml', 'vscode-notebook-cell:/w/a.ipynb#W0sZmlsZQ%3D%3D', 'inmemory://model/1', 'git:/w/a.yaml?%7B%22ref%22%3A%22HEAD%22%7D', 'not a uri']) {
      assert.equal(canonicalUri(uri), uri);
    }
  });

  it("Node's pathToFileURL and VS Code's form of any path agree once canonical, and map back to the path", () => {
    // Names of any Unicode characters but `/` and NUL (which no POSIX file name holds), never `.` or `..`.
    const segment = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).filter((s) => !/[/\0]/.test(s) && s !== '.' && s !== '..');
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), (segments) => {
        const path = `/${segments.join('/')}`;
        const canonical = pathToUri(path);
        assert.equal(canonicalUri(canonical), canonical);
        assert.equal(uriToPath(canonical), path);
        // Node drops trailing control characters (`/\v` becomes `file:///`): compare where its URI names the path.
        const node = pathToFileURL(path).href;
        if (fileURLToPath(node) !== path) return;
        assert.equal(canonicalUri(node), canonical);
        assert.equal(uriToPath(node), path);
      }),
      { numRuns: 500 },
    );
  });

  it('uriToPath: undefined for other schemes and for what Node cannot map on this platform', () => {
    assert.equal(uriToPath('untitled:Untitled-1'), undefined);
    assert.equal(uriToPath('https://example.com/a.yaml'), undefined);
    if (process.platform !== 'win32') assert.equal(uriToPath('file://server/share/a.yaml'), undefined);
    assert.equal(uriToPath('file:///w/team%40corp/a.yaml'), process.platform === 'win32' ? '\\w\\team@corp\\a.yaml' : '/w/team@corp/a.yaml');
  });
});

describe('ClientUris: what goes back names an open document as the client does', () => {
  it('an open document is answered under its own spelling, a closed one canonically', () => {
    const uris = new ClientUris();
    for (const row of SPELLINGS) {
      for (const spelling of row.spellings) {
        assert.equal(uris.opened(spelling), row.canonical);
        assert.equal(uris.toClient(row.canonical), spelling);
        assert.equal(uris.closed(spelling), row.canonical);
        assert.equal(uris.toClient(row.canonical), row.canonical);
      }
    }
  });

  it('closing another spelling of the file does not forget the one the client still has open', () => {
    const uris = new ClientUris();
    uris.opened('file:///w/team@corp/a.yaml');
    uris.closed('file:///w/team%40corp/a.yaml');
    assert.equal(uris.toClient('file:///w/team%40corp/a.yaml'), 'file:///w/team@corp/a.yaml');
    assert.equal(uris.toClient('file:///w/other.yaml'), 'file:///w/other.yaml');
  });
});
