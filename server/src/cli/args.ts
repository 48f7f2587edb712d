import { ALL_RULE_METAS } from '../core/rules/registry';
import { COMMANDS, OPTIONS, optionsOf, type Command } from './options';
import { closest } from './suggest';

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
  /** `--output FILE`: the report goes there, and nothing to standard output. */
  readonly output?: string;
  /** check: report only these rule ids (`--rule`), and not these (`--skip-rule`). */
  readonly rules?: readonly string[];
  readonly skipRules?: readonly string[];
  /** Skipped files listed with the reason; check: each finding's message and every fix. */
  readonly verbose?: boolean;
  /** `--color` / `--no-color`; absent: decided by the terminal and NO_COLOR / FORCE_COLOR. */
  readonly color?: boolean;
  /** simulate: also write the failing handshakes as a capture (pcapng) to this file. */
  readonly pcap?: string;
}

export type ParsedArgs = CommandArgs | { readonly command: 'help'; readonly topic?: Command } | { readonly command: 'version' } | { readonly command: 'usage-error'; readonly message: string };

export { USAGE } from './help';

const FORMATS: Record<CommandArgs['command'], readonly Format[]> = { check: ['text', 'json', 'sarif'], simulate: ['text', 'json'], explain: ['text', 'json'] };
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'note', 'none'];

export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') return { command: 'help' };
  if (argv[0] === 'help') {
    const topic = argv[1];
    if (topic === undefined) return { command: 'help' };
    if ((COMMANDS as readonly string[]).includes(topic)) return { command: 'help', topic: topic as Command };
    const near = closest(topic, COMMANDS);
    return usageError(`no help for "${topic}"${near ? `; did you mean ${near}?` : '.'} The commands are ${COMMANDS.join(', ')}; see hairpin --help`);
  }
  if (argv[0] === '--version' || argv[0] === '-v') return { command: 'version' };
  const [command, ...rest] = argv as [string, ...string[]];
  if (!(COMMANDS as readonly string[]).includes(command)) {
    const near = closest(command, COMMANDS);
    return usageError(`unknown command "${command}"${near ? `; did you mean ${near}?` : '.'} The commands are ${COMMANDS.join(', ')}; see hairpin --help`);
  }
  const cmd = command as CommandArgs['command'];
  const seeHelp = `see hairpin ${cmd} --help`;
  let format: Format = 'text';
  let failOn: FailOn = 'warning';
  let config: string | undefined;
  let maxFileSize: number | undefined;
  let stdinFilename: string | undefined;
  let output: string | undefined;
  let rules: string[] | undefined;
  let skipRules: string[] | undefined;
  let verbose = false;
  let color: boolean | undefined;
  let pcap: string | undefined;
  const paths: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const [flag, inline] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const variants = OPTIONS.filter((o) => o.flag === flag);
    const spec = variants.find((o) => o.commands.includes(cmd)) ?? variants[0];
    if (spec && !spec.commands.includes(cmd)) return usageError(`${flag} is an option of hairpin ${spec.commands.join(' and ')}, not of ${cmd}; ${seeHelp}`);
    if (flag === '--format' || flag === '--fail-on' || flag === '--config' || flag === '--max-file-size' || flag === '--stdin-filename' || flag === '--output' || flag === '--rule' || flag === '--skip-rule' || flag === '--pcap') {
      const value = inline ?? rest[++i];
      if (value === undefined) return usageError(`${flag} needs a value (${spec?.value ?? 'see below'}); ${seeHelp}`);
      if (flag === '--format') {
        if (!FORMATS[cmd].includes(value as Format)) return usageError(`${cmd} --format must be one of ${FORMATS[cmd].join(', ')}`);
        format = value as Format;
      } else if (flag === '--fail-on') {
        if (!FAIL_ON.includes(value as FailOn)) return usageError(`--fail-on must be one of ${FAIL_ON.join(', ')}`);
        failOn = value as FailOn;
      } else if (flag === '--pcap') {
        pcap = value;
      } else if (flag === '--stdin-filename') {
        stdinFilename = value;
      } else if (flag === '--max-file-size') {
        if (!/^\d+$/.test(value) || Number(value) < 1) return usageError('--max-file-size must be a positive whole number of characters');
        maxFileSize = Number(value);
      } else if (flag === '--output') {
        if (value === '') return usageError(`--output needs a file name; ${seeHelp}`);
        output = value;
      } else if (flag === '--rule' || flag === '--skip-rule') {
        const ids = ruleIds(flag, value);
        if (typeof ids === 'string') return usageError(ids);
        if (flag === '--rule') rules = [...(rules ?? []), ...ids];
        else skipRules = [...(skipRules ?? []), ...ids];
      } else {
        config = value;
      }
    } else if (inline !== undefined && spec && !spec.value) {
      return usageError(`${flag} takes no value; ${seeHelp}`);
    } else if (flag === '--verbose') {
      verbose = true;
    } else if (flag === '--color' || flag === '--no-color') {
      color = flag === '--color';
    } else if (flag === '--help' || flag === '-h') {
      return { command: 'help', topic: cmd };
    } else if (flag.startsWith('-') && flag !== '-') {
      const near = closest(flag, optionsOf(cmd).map((o) => o.flag));
      return usageError(`unknown option ${flag}${near ? `; did you mean ${near}?` : '.'} See hairpin ${cmd} --help`);
    } else {
      paths.push(arg);
    }
  }
  let target: CommandArgs['target'];
  if (cmd === 'explain') {
    const m = /^(.+?):(\d+)(?::(\d+))?$/.exec(paths.shift() ?? '');
    const whole = (n: string | undefined) => n === undefined || (Number.isSafeInteger(Number(n)) && Number(n) >= 1);
    if (!m || !whole(m[2]) || !whole(m[3])) return usageError(`explain needs FILE:LINE or FILE:LINE:COL (1-based), for example gateway.yaml:11; ${seeHelp}`);
    target = { file: m[1]!, line: Number(m[2]), ...(m[3] !== undefined ? { column: Number(m[3]) } : {}) };
    if (paths.length === 0) paths.push(dirnameOf(target.file));
  }
  if (paths.length === 0) return usageError(`${cmd} needs at least one PATH (a file, a folder, or - for standard input); ${seeHelp}`);
  return {
    command: cmd,
    paths,
    format,
    ...(target ? { target } : {}),
    failOn,
    ...(config !== undefined ? { config } : {}),
    ...(maxFileSize !== undefined ? { maxFileSize } : {}),
    ...(stdinFilename !== undefined ? { stdinFilename } : {}),
    ...(output !== undefined ? { output } : {}),
    ...(rules ? { rules } : {}),
    ...(skipRules ? { skipRules } : {}),
    ...(verbose ? { verbose } : {}),
    ...(color !== undefined ? { color } : {}),
    ...(pcap !== undefined ? { pcap } : {}),
  };
}

function usageError(message: string): ParsedArgs {
  return { command: 'usage-error', message };
}

/** `HP101,hp103`: upper-cased ids, each one Hairpin reports under; otherwise the message that lists them. */
function ruleIds(flag: string, value: string): string[] | string {
  const ids = value.split(',').map((s) => s.trim().toUpperCase());
  const known = ALL_RULE_METAS.map((m) => m.id);
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length === 0) return ids;
  const list = ALL_RULE_METAS.map((m) => `${m.id} ${m.name}`).join(', ');
  const named = unknown.filter((id) => id !== '');
  const what = [...(named.length ? [`unknown rule id${named.length > 1 ? 's' : ''} ${named.join(', ')}`] : []), ...(named.length < unknown.length ? ['an empty id (two commas, or a comma at an end)'] : [])].join(' and ');
  return `${flag}: ${what}. The rule ids are: ${list}`;
}

/** The folder of a path as the user wrote it ("." for a bare file name). */
function dirnameOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : file.slice(0, i);
}
