import { analyze } from '../analyze';
import { sequenceDiagram } from '../explain/sequence-text';
import { readHairpinConfig } from '../parse/hairpin-config';
import { percent } from '../simulate/probability-text';
import { describeClient } from './clients';
import type { RuleExample } from './types';

/** What a rule page shows of its example, simulated by the engine rather than copied by hand. */
export interface ExampleSimulation {
  /** The finding's message, as `hairpin check` prints it. */
  readonly message: string;
  /** 1-based line of the finding, in the example's file. */
  readonly line: number;
  /** Markdown table: each client, its failure probability (exact) and mode, and the classes walked. */
  readonly clients: string;
  /** Markdown table: each mitigation re-simulated. */
  readonly whatIfs: string;
  /** The ASCII sequence diagram `hairpin simulate` draws for the failing handshake. */
  readonly diagram?: string;
}

/** Runs the example through `analyze()` and picks what the rule's page shows; throws when the rule does not fire. */
export function simulateExample(ruleId: string, example: RuleExample): ExampleSimulation {
  const config = example.config === undefined ? undefined : readHairpinConfig({ path: '.hairpin.yaml', text: example.config });
  if (config && config.notices.length > 0) throw new Error(`${ruleId}'s example config: ${config.notices.map((n) => n.message).join('; ')}`);
  const result = analyze([{ path: example.path, text: example.text }], { traces: true, ...(config ? { clusterOverrides: config.overrides } : {}) });
  const finding = result.findings.find((f) => f.ruleId === ruleId);
  if (!finding) throw new Error(`${ruleId} does not fire on its documentation example ${example.path}`);
  const a = result.frontends.find((x) => x.frontend.id === finding.frontendId)!;
  const endpoints = a.cluster.endpoints.value;
  const clients = [
    '| client | where | P(fail) | mode | classes walked |',
    '|---|---|---|---|---|',
    ...a.simulation.clients.map((c) => {
      const failing = c.modes.filter((m) => m.mode !== 'ok').map((m) => `${m.mode} ${m.probability}`);
      const p = c.failureProbability.isZero() ? '0' : `${c.failureProbability} (${percent(c.failureProbability.toNumber())})`;
      return `| \`${c.location}\` | ${describeClient(c.location, endpoints)} | ${p} | ${failing.join(', ') || 'ok'} | ${c.paths} |`;
    }),
  ].join('\n');
  const names = a.simulation.clients.map((c) => c.location);
  const whatIfs = [
    `| change | ${names.map((n) => `\`${n}\``).join(' | ')} | cross-zone collisions |`,
    `|---|${names.map(() => '---|').join('')}---|`,
    `| (none) | ${a.simulation.clients.map((c) => c.failureProbability.toString()).join(' | ')} | ${percent(a.simulation.collision.probability)} |`,
    ...a.whatIfs.map((w) => `| ${w.mitigation.title} | ${names.map((n) => w.result.clients.find((c) => c.location === n)?.failureProbability.toString() ?? '-').join(' | ')} | ${percent(w.result.collision.probability)} |`),
  ].join('\n');
  const ref = finding.traceRef;
  const trace =
    ref?.mode === 'tuple-collision'
      ? a.simulation.collisionTrace
      : ref && a.simulation.clients.find((c) => c.location === ref.client)?.modes.find((m) => m.mode === ref.mode)?.trace;
  const line = example.text.slice(0, finding.span.start).split('\n').length;
  return { message: finding.message, line, clients, whatIfs, ...(trace ? { diagram: sequenceDiagram(trace) } : {}) };
}
