export type Format = 'text' | 'json' | 'sarif';
export type FailOn = 'error' | 'warning' | 'note' | 'none';

export interface CommandArgs {
  readonly command: 'check' | 'simulate' | 'explain';
  readonly paths: readonly string[];
  /** explain: the position asked about (1-based line and column, as editors and compilers print them). */
  readonly target?: { readonly file: string; readonly line: number; readonly column?: number };
  readonly format: Format;
  readonly failOn: FailOn;
  readonly config?: string;
  /** Files longer than this many characters are skipped with a notice. */
  readonly maxFileSize?: number;
  /** The name findings on standard input (PATH `-`) are reported against; default `<stdin>`. */
  readonly stdinFilename?: string;
  /** simulate: also write the failing handshakes as a capture (pcapng) to this file. */
  readonly pcap?: string;
}

export type ParsedArgs = CommandArgs | { readonly command: 'help' } | { readonly command: 'version' } | { readonly command: 'usage-error'; readonly message: string };

export const USAGE = `Usage: hairpin <command> [options] PATH...

Commands:
  check PATH...      analyse files and folders; print findings
  simulate PATH...   simulate every load balancer found; print per-client failure
                     probabilities, mitigations, and the failing handshake
  explain FILE:LINE[:COL] [PATH...]
                     explain the setting at that position (value, where it came from, what it
                     does), the per-client table, the failing handshake, the what-ifs and tcpdump
                     filters to confirm it on a cluster; PATHs (default: FILE's folder) are read
                     for cross-file links

Options:
  --config FILE                   cluster description (default: .hairpin.yaml at the root of PATH, then in the current folder)
  --format text|json|sarif        output format (default: text; sarif is for check only)
  --fail-on error|warning|note|none
                                  check: exit 1 when a finding is at or above this level (default: warning)
  --max-file-size CHARS           skip larger files with a notice (default: 2000000)
  --stdin-filename NAME           name for manifests read from standard input (PATH -), default <stdin>
  --pcap FILE                     simulate: also write the failing handshakes to FILE (pcapng, one capture point per hop) for Wireshark

PATH - reads manifests from standard input, e.g. helm template ... | hairpin check -

Output: positions are FILE:LINE:COLUMN, 1-based; columns count UTF-16 code units (as LSP and
SARIF's columnKind utf16CodeUnits do), so a character outside the Basic Multilingual Plane counts 2.
Files Hairpin cannot use are listed as notes and never stop the run.

Exit codes:
  0  the run completed; nothing at or above --fail-on
  1  the run completed; findings at or above --fail-on
  2  usage error, a missing PATH or an unusable --config: nothing was analysed
  3  internal error (a bug in Hairpin; please report it): the results are incomplete
`;

const FORMATS: Record<CommandArgs['command'], readonly Format[]> = { check: ['text', 'json', 'sarif'], simulate: ['text', 'json'], explain: ['text', 'json'] };
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'note', 'none'];
const COMMANDS = ['check', 'simulate', 'explain'] as const;

export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') return { command: 'help' };
  if (argv[0] === '--version' || argv[0] === '-v') return { command: 'version' };
  const [command, ...rest] = argv as [string, ...string[]];
  if (!(COMMANDS as readonly string[]).includes(command)) return { command: 'usage-error', message: `unknown command "${command}"` };
  const cmd = command as CommandArgs['command'];
  let format: Format = 'text';
  let failOn: FailOn = 'warning';
  let config: string | undefined;
  let maxFileSize: number | undefined;
  let stdinFilename: string | undefined;
  let pcap: string | undefined;
  const paths: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const [flag, inline] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    if (flag === '--format' || flag === '--fail-on' || flag === '--config' || flag === '--max-file-size' || flag === '--stdin-filename' || flag === '--pcap') {
      const value = inline ?? rest[++i];
      if (value === undefined) return { command: 'usage-error', message: `${flag} needs a value` };
      if (flag === '--format') {
        if (!FORMATS[cmd].includes(value as Format)) return { command: 'usage-error', message: `${cmd} --format must be one of ${FORMATS[cmd].join(', ')}` };
        format = value as Format;
      } else if (flag === '--fail-on') {
        if (!FAIL_ON.includes(value as FailOn)) return { command: 'usage-error', message: `--fail-on must be one of ${FAIL_ON.join(', ')}` };
        failOn = value as FailOn;
      } else if (flag === '--pcap') {
        if (cmd !== 'simulate') return { command: 'usage-error', message: '--pcap is an option of simulate: hairpin simulate --pcap FILE PATH...' };
        pcap = value;
      } else if (flag === '--stdin-filename') {
        stdinFilename = value;
      } else if (flag === '--max-file-size') {
        if (!/^\d+$/.test(value) || Number(value) < 1) return { command: 'usage-error', message: '--max-file-size must be a positive whole number of characters' };
        maxFileSize = Number(value);
      } else {
        config = value;
      }
    } else if (flag === '--help' || flag === '-h') {
      return { command: 'help' };
    } else if (flag.startsWith('-') && flag !== '-') {
      return { command: 'usage-error', message: `unknown option "${flag}"` };
    } else {
      paths.push(arg);
    }
  }
  let target: CommandArgs['target'];
  if (cmd === 'explain') {
    const m = /^(.+?):(\d+)(?::(\d+))?$/.exec(paths.shift() ?? '');
    if (!m || Number(m[2]) < 1 || (m[3] !== undefined && Number(m[3]) < 1)) return { command: 'usage-error', message: 'explain needs FILE:LINE or FILE:LINE:COL (1-based), for example gateway.yaml:11' };
    target = { file: m[1]!, line: Number(m[2]), ...(m[3] !== undefined ? { column: Number(m[3]) } : {}) };
    if (paths.length === 0) paths.push(dirnameOf(target.file));
  }
  if (paths.length === 0) return { command: 'usage-error', message: `${cmd} needs at least one PATH` };
  return { command: cmd, paths, format, ...(target ? { target } : {}), failOn, ...(config !== undefined ? { config } : {}), ...(maxFileSize !== undefined ? { maxFileSize } : {}), ...(stdinFilename !== undefined ? { stdinFilename } : {}), ...(pcap !== undefined ? { pcap } : {}) };
}

/** The folder of a path as the user wrote it ("." for a bare file name). */
function dirnameOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : file.slice(0, i);
}
