import { SUPPRESSION_RULES } from '../suppress/problem-rules';
import { hp101 } from './hp101-hairpin-reset';
import { hp102 } from './hp102-loopback-drop';
import { hp103 } from './hp103-cross-zone-tuple-collision';
import { hp104 } from './hp104-proxy-protocol-mismatch';
import { hp105 } from './hp105-idle-timeout';
import type { Rule, RuleMeta } from './types';

/** Every rule, in id order. An explicit list: adding a rule is a visible change here. */
export const RULES: readonly Rule[] = [hp101, hp102, hp103, hp104, hp105];

/** Every id Hairpin reports under, each with a docs page: the suppression problems, then the rules. */
export const ALL_RULE_METAS: readonly RuleMeta[] = [...SUPPRESSION_RULES, ...RULES.map((r) => r.meta)];
