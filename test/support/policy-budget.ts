/** The policy rules' own time over every stack of the reference app together (docs/guardrails.md states it). */
export const POLICY_RULES_BUDGET_MS = 500;
