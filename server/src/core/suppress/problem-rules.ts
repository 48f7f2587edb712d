import type { RuleMeta } from '../rules/types';

/** Severity of a suppression problem; `hint` shows as faded text in editors and never fails `check`. */
export type ProblemSeverity = 'warning' | 'hint';

export interface ProblemRuleMeta extends RuleMeta {
  readonly severity: ProblemSeverity;
}

const SYNTAX =
  'A suppression is `# hairpin-ignore HP101 reason` on the line before the flagged line (`//` in TypeScript and JavaScript; ' +
  'several ids as `HP101,HP103`), or a `hairpin.io/ignore: "HP101: reason; HP103: reason"` annotation on a Kubernetes object.';

const DECIDED =
  'Suppressions are applied after every rule has run over the whole input. A comment covers the findings whose primary location ' +
  'starts on the next line that is neither blank nor a comment; an annotation covers the findings located inside its object. ' +
  'Files Hairpin could only partly read (a YAML document with a syntax error) are not checked for unused suppressions.';

/** The suppression problems are decided by reading directives, not by simulation: no packets, no example, no suppression. */
const NOT_SIMULATED = { packetStory: [], probability: null, suppressionExample: null, references: [], example: null } as const;

const TRADE_OFFS_HP001 = ['None: the suppression had stopped doing anything.', 'None.'];
const TRADE_OFFS_HP002 = ['None; the reason shows in review and as the SARIF justification.'];
const TRADE_OFFS_HP003 = ['None; a mistyped id was suppressing nothing.'];

export const HP001: ProblemRuleMeta = {
  id: 'HP001',
  name: 'unused-suppression',
  severity: 'hint',
  shortDescription: 'A suppression, or one rule id in it, no longer suppresses anything',
  description:
    `${SYNTAX} When the finding it was written for is gone (the configuration was fixed, or the line moved), the suppression ` +
    'stays behind and would silently hide the next finding of that rule on that line. Hairpin reports each rule id that suppressed nothing.',
  remediation: [
    'Delete the unused rule id (the quick fix keeps the rest of the list), or the whole comment when none of its ids is used.',
    'If the finding moved, move the suppression above its new line.',
  ],
  docs: 'docs/rules/HP001.md',
  decidedBy: DECIDED,
  ...NOT_SIMULATED,
  tradeOffs: TRADE_OFFS_HP001,
};

export const HP002: ProblemRuleMeta = {
  id: 'HP002',
  name: 'suppression-without-reason',
  severity: 'warning',
  shortDescription: 'A suppression gives no reason',
  description:
    `${SYNTAX} A suppression without a reason still suppresses, but the next reader cannot tell whether the risk was judged ` +
    'acceptable or just silenced. SARIF output carries the reason as the suppression’s justification. The placeholder text the ' +
    '"suppress" quick fix writes counts as a reason: it is there to be replaced, and review shows it.',
  remediation: ['Write why the finding is acceptable after the rule ids: `# hairpin-ignore HP101 in-cluster callers use the Service`.'],
  docs: 'docs/rules/HP002.md',
  decidedBy: DECIDED,
  ...NOT_SIMULATED,
  tradeOffs: TRADE_OFFS_HP002,
};

export const HP003: ProblemRuleMeta = {
  id: 'HP003',
  name: 'invalid-suppression',
  severity: 'warning',
  shortDescription: 'A suppression names a rule Hairpin does not have, or no rule at all',
  description:
    `${SYNTAX} An id that is not one of Hairpin's rules (a typo, or a rule that does not exist yet) suppresses nothing; a ` +
    '`hairpin-ignore` with no id before the reason suppresses nothing either.',
  remediation: ['Use the rule id shown on the finding (every rule has a page in docs/rules), or delete the unknown id.'],
  docs: 'docs/rules/HP003.md',
  decidedBy: DECIDED,
  ...NOT_SIMULATED,
  tradeOffs: TRADE_OFFS_HP003,
};

/** The suppression problems, in id order: documented and listed in SARIF like the simulation rules. */
export const SUPPRESSION_RULES: readonly ProblemRuleMeta[] = [HP001, HP002, HP003];
