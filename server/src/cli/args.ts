export type Format = 'text' | 'json' | 'sarif';
export type FailOn = 'error' | 'warning' | 'note' | 'none';

export interface CheckArgs {
  readonly command: 'check';
  readonly paths: readonly string[];
  readonly format: Format;
  readonly failOn: FailOn;
}

export type ParsedArgs = CheckArgs | { readonly command: 'help' } | { readonly command: 'version' } | { readonly command: 'usage-error'; readonly message: string };

export const USAGE = `Usage: hairpin <command> [options]

Commands:
  check PATH...    analyse files and folders; print findings

Options for check:
  --format text|json|sarif        output format (default: text)
  --fail-on error|warning|note|none
                                  exit 1 when a finding is at or above this level (default: warning)

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error or missing path.
`;

const FORMATS: readonly Format[] = ['text', 'json', 'sarif'];
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'note', 'none'];

export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') return { command: 'help' };
  if (argv[0] === '--version' || argv[0] === '-v') return { command: 'version' };
  const [command, ...rest] = argv;
  if (command !== 'check') return { command: 'usage-error', message: `unknown command "${command}"` };
  let format: Format = 'text';
  let failOn: FailOn = 'warning';
  const paths: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--format' || flag === '--fail-on') {
      const value = inline ?? rest[++i];
      if (value === undefined) return { command: 'usage-error', message: `${flag} needs a value` };
      if (flag === '--format') {
        if (!FORMATS.includes(value as Format)) return { command: 'usage-error', message: `--format must be one of ${FORMATS.join(', ')}` };
        format = value as Format;
      } else {
        if (!FAIL_ON.includes(value as FailOn)) return { command: 'usage-error', message: `--fail-on must be one of ${FAIL_ON.join(', ')}` };
        failOn = value as FailOn;
      }
    } else if (flag === '--help' || flag === '-h') {
      return { command: 'help' };
    } else if (flag.startsWith('-') && flag !== '-') {
      return { command: 'usage-error', message: `unknown option "${flag}"` };
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) return { command: 'usage-error', message: 'check needs at least one PATH' };
  return { command: 'check', paths, format, failOn };
}
