import { COMMANDS, optionsOf, OPTIONS, type Command, type OptionSpec } from './options';

const COLUMN = 34;

/** `  --format text|json|sarif        output format ...`, the help on the next line when the flag is long. */
function optionLine(o: OptionSpec): string {
  const left = `  ${o.flag}${o.value ? ` ${o.value}` : ''}`;
  return left.length < COLUMN ? `${left.padEnd(COLUMN)}${o.help}` : `${left}\n${' '.repeat(COLUMN)}${o.help}`;
}

const POSITIONS = `Output: positions are FILE:LINE:COLUMN, 1-based; columns count UTF-16 code units (as LSP and
SARIF's columnKind utf16CodeUnits do), so a character outside the Basic Multilingual Plane counts 2.`;

const EXIT_CHECK = `Exit codes:
  0  the run completed; nothing at or above --fail-on
  1  the run completed; findings at or above --fail-on
  2  usage error, a missing PATH, an unusable --config or an unwritable --output: nothing was analysed or written
  3  internal error (a bug in Hairpin; please report it): the results are incomplete`;

const EXIT_OTHER = `Exit codes:
  0  the run completed
  2  usage error, a missing PATH, an unusable --config or an unwritable --output
  3  internal error (a bug in Hairpin; please report it): the results are incomplete`;

const TERMINAL = `On a terminal the text output is coloured (never when NO_COLOR is set; FORCE_COLOR=1 forces it),
and standard error shows progress (files read) while a large tree is analysed.`;

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

Run hairpin <command> --help for a command's own options and examples.

Options:
${OPTIONS.map((o) => `${optionLine(o)}${o.commands.length < COMMANDS.length ? ` [${o.commands.join(', ')}]` : ''}`).join('\n')}
  --version                       print the version (also -v)

PATH - reads manifests from standard input, e.g. helm template ... | hairpin check -

${POSITIONS}
Files Hairpin cannot use are counted (listed with --verbose, and always in JSON and SARIF) and never stop the run.

${EXIT_CHECK}
`;

const ABOUT: Record<Command, { readonly synopsis: string; readonly what: string; readonly examples: readonly string[] }> = {
  check: {
    synopsis: 'hairpin check [options] PATH...',
    what: `Analyses the files and folders given (PATH - reads manifests from standard input) and prints the
findings grouped by file, one line each: position, severity, rule, failure probability and the best
fix. Skipped files are counted; --verbose lists them with the reason.`,
    examples: [
      'hairpin check k8s/ terraform/',
      'helm template gw istio/gateway -f values.yaml | hairpin check -',
      'kustomize build overlays/prod | hairpin check - --stdin-filename overlays/prod.yaml',
      'hairpin check k8s/ --format sarif --output hairpin.sarif',
      'hairpin check k8s/ --rule HP101,HP102 --fail-on error',
    ],
  },
  simulate: {
    synopsis: 'hairpin simulate [options] PATH...',
    what: `Simulates every AWS Network Load Balancer found and prints, per load balancer, the failure
probability of each client location, the mitigations re-simulated, and the failing handshake as a
sequence diagram.`,
    examples: ['hairpin simulate examples/istio-gateway', 'hairpin simulate k8s/ --format json --output simulation.json', 'helm template gw istio/gateway | hairpin simulate -'],
  },
  explain: {
    synopsis: 'hairpin explain [options] FILE:LINE[:COL] [PATH...]',
    what: `Explains the setting at FILE:LINE (1-based; without COL, the first thing on the line that Hairpin
knows): its value, where the value came from and what it does, the per-client table, the failing
handshake, the what-ifs, and tcpdump filters to confirm it on a cluster. PATHs (default: FILE's
folder) are read for cross-file links.`,
    examples: ['hairpin explain examples/istio-gateway/gateway-service.yaml:11', 'hairpin explain infra/nlb.tf:42:5 infra/ k8s/ --format json'],
  },
};

/** `hairpin COMMAND --help`: that command's usage, options, exit codes and examples. */
export function commandUsage(command: Command): string {
  const about = ABOUT[command];
  return `Usage: ${about.synopsis}

${about.what}

Options:
${optionsOf(command).map(optionLine).join('\n')}

${command === 'check' ? `${TERMINAL}\n\n` : ''}${POSITIONS}

${command === 'check' ? EXIT_CHECK : EXIT_OTHER}

Examples:
${about.examples.map((e) => `  ${e}`).join('\n')}
`;
}
