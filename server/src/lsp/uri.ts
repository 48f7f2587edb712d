import { fileURLToPath } from 'node:url';
import { URI } from 'vscode-uri';

/**
 * One file, one URI. A file reaches the server under several spellings: VS Code encodes `@ + & = : $`
 * and a drive letter's colon (`file:///c%3A/x`), Node's `pathToFileURL` does not (`file:///C:/x`), and
 * other clients have their own rules. Inside the server every URI is in one form, VS Code's own
 * (vscode-uri's `toString()`), so an open document and its copy from the index are one file. What goes
 * back to the client for an open document uses the spelling the client used (ClientUris below).
 */
export function canonicalUri(uri: string): string {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri)?.[1];
  // Only file URIs name files on disk; `untitled:` and others are kept exactly as the client sent them.
  if (scheme?.toLowerCase() !== 'file') return uri;
  try {
    const parsed = URI.parse(`file${uri.slice(scheme.length)}`);
    // `file://localhost/x` is `file:///x` (RFC 8089).
    return (parsed.authority.toLowerCase() === 'localhost' ? parsed.with({ authority: '' }) : parsed).toString();
  } catch {
    return uri;
  }
}

/** The canonical URI of a path on disk (the index, file events, `.hairpin.yaml`). */
export function pathToUri(path: string): string {
  return URI.file(path).toString();
}

/** The path of a `file:` URI in any spelling; undefined for other schemes and for what Node cannot map (a UNC host on POSIX). */
export function uriToPath(uri: string): string | undefined {
  const canonical = canonicalUri(uri);
  if (!canonical.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(canonical);
  } catch {
    return undefined;
  }
}

/**
 * The spelling the client used for each open document. The client keys its documents (and the
 * diagnostics it shows for them) by its own string, so publishes, locations and edits for an open
 * document go back under that string; anything else goes back in the canonical form.
 */
export class ClientUris {
  private readonly spellings = new Map<string, string>();

  /** A document was opened: remembers its spelling and returns its canonical URI. */
  opened(clientUri: string): string {
    const uri = canonicalUri(clientUri);
    this.spellings.set(uri, clientUri);
    return uri;
  }

  /** A document was closed: forgets its spelling and returns its canonical URI. */
  closed(clientUri: string): string {
    const uri = canonicalUri(clientUri);
    if (this.spellings.get(uri) === clientUri) this.spellings.delete(uri);
    return uri;
  }

  /** How the client names this file: its own spelling while the document is open, else the canonical URI. */
  toClient(uri: string): string {
    return this.spellings.get(uri) ?? uri;
  }
}
