/**
 * Every option of every command: the parser, each command's --help and docs/cli.md follow this list.
 * A flag whose value differs by command has one entry per variant.
 */

export type Command = 'check' | 'simulate' | 'explain';

export const COMMANDS: readonly Command[] = ['check', 'simulate', 'explain'];

export interface OptionSpec {
  readonly flag: string;
  /** The value's placeholder; absent for switches. */
  readonly value?: string;
  readonly commands: readonly Command[];
  readonly help: string;
}

const ALL = COMMANDS;

export const OPTIONS: readonly OptionSpec[] = [
  { flag: '--format', value: 'text|json|sarif', commands: ['check'], help: 'output format (default: text)' },
  { flag: '--format', value: 'text|json', commands: ['simulate', 'explain'], help: 'output format (default: text)' },
  { flag: '--output', value: 'FILE', commands: ALL, help: 'write the report to FILE (its folder is created) and nothing to standard output' },
  { flag: '--fail-on', value: 'error|warning|note|none', commands: ['check'], help: 'exit 1 when a finding is at or above this level (default: warning)' },
  { flag: '--rule', value: 'ID[,ID...]', commands: ['check'], help: 'report only these rules (HP101..., and HP001-HP003 for problems of suppressions); repeatable' },
  { flag: '--skip-rule', value: 'ID[,ID...]', commands: ['check'], help: 'do not report these rules; repeatable' },
  { flag: '--config', value: 'FILE', commands: ALL, help: 'cluster description (default: .hairpin.yaml at the root of PATH, then in the current folder)' },
  { flag: '--max-file-size', value: 'CHARS', commands: ALL, help: 'skip larger files with a notice (default: 2000000)' },
  { flag: '--stdin-filename', value: 'NAME', commands: ALL, help: 'name for manifests read from standard input (PATH -), default <stdin>' },
  { flag: '--pcap', value: 'FILE', commands: ['simulate'], help: 'also write the failing handshakes to FILE (pcapng, one capture point per hop) for Wireshark; see docs/pcap.md' },
  { flag: '--verbose', commands: ['check', 'simulate'], help: 'list skipped files with the reason; check also prints each finding’s message and every fix' },
  { flag: '--color', commands: ['check'], help: 'colour the text output even when standard output is not a terminal' },
  { flag: '--no-color', commands: ['check'], help: 'never colour the text output (as does a non-empty NO_COLOR)' },
  { flag: '--help', commands: ALL, help: 'show this help (also -h)' },
];

export function optionsOf(command: Command): readonly OptionSpec[] {
  return OPTIONS.filter((o) => o.commands.includes(command));
}
