import { readFileSync } from 'node:fs';
import type { SourceFile } from '../core/model/workspace';
import { decodeText } from '../host/read-source';

/** PATH `-`: manifests piped in (`helm template … | hairpin check -`), reported against `name`. */
export const STDIN_PATH = '-';

export function readStdin(name: string | undefined): SourceFile {
  const text = decodeText(readFileSync(0));
  // Without a name, what comes through a pipe is rendered manifests: read it as YAML.
  return name ? { path: name, text, ...(/\.(ya?ml)$/i.test(name) ? { language: 'yaml' as const } : {}) } : { path: '<stdin>', text, language: 'yaml' };
}

/**
 * Output to a closed pipe (`hairpin simulate … | head`) ends the run quietly: the reader has what it
 * wanted. Any other write error is still an error.
 */
export function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(process.exitCode ?? 0);
  });
}
