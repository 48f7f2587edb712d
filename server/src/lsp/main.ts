import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

declare const HAIRPIN_VERSION: string | undefined;
const version = typeof HAIRPIN_VERSION === 'string' ? HAIRPIN_VERSION : '0.0.0-dev';

const args = process.argv.slice(2);
if (args.includes('--version')) {
  process.stdout.write(`${version}\n`);
} else if (args.includes('--help') || !args.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.stdout.write('Usage: hairpin-language-server --stdio\n\nSpeaks the Language Server Protocol on stdin/stdout (also --node-ipc, --socket=PORT, --pipe=NAME).\n');
  process.exitCode = args.includes('--help') ? 0 : 2;
} else {
  startServer(createConnection(ProposedFeatures.all), version);
}
