import { Construct, IConstruct } from 'constructs';
import { describeValue, invalid } from '../errors';
import { RULE_IDS } from './rules';

/** Metadata type under which suppressions are recorded on a construct's node. */
export const SUPPRESSION_METADATA_TYPE = 'million-rps/policy-suppression';
/** Short enough to write, long enough that "ok" or "n/a" is not a reason. */
export const MIN_REASON_LENGTH = 10;

export interface Suppression {
  readonly ruleId: string;
  readonly reason: string;
  /** Path of the construct the suppression was written on. */
  readonly path: string;
}

/**
 * Records that `ruleId` does not apply to `scope` and everything below it, for `reason`.
 * The reason is printed by `npm run policy` next to the rule, so write it for a reviewer.
 */
export function suppress(scope: IConstruct, ruleId: string, reason: string): void {
  const isConstruct = Construct.isConstruct(scope);
  const where = `Policy.suppress (${isConstruct ? scope.node.path : describeValue(scope)})`;
  if (!isConstruct) invalid(where, 'scope', scope, 'is not a construct', 'pass the construct the rule does not apply to (this, or a child such as this.bucket): the suppression covers it and everything below it');
  if (!RULE_IDS.includes(ruleId)) {
    invalid(where, 'ruleId', ruleId, 'is not a rule of this policy', `use one of the ids in lib/policy/rules (e.g. "CKV_AWS_16"); see the README's rule table`);
  }
  if (typeof reason !== 'string' || reason.trim().length < MIN_REASON_LENGTH) {
    invalid(where, 'reason', reason, `is not a written reason (at least ${MIN_REASON_LENGTH} characters)`, `say why ${ruleId} does not apply here, e.g. "ALB access logs support only SSE-S3"`);
  }
  scope.node.addMetadata(SUPPRESSION_METADATA_TYPE, { ruleId, reason: reason.trim() });
}

/** The nearest suppression of `ruleId` on `construct` or one of its scopes. */
export function findSuppression(construct: IConstruct, ruleId: string): Suppression | undefined {
  for (const scope of [...construct.node.scopes].reverse()) {
    const own = suppressionsOn(scope).find((s) => s.ruleId === ruleId);
    if (own) return own;
  }
  return undefined;
}

/** Suppressions written directly on `construct`. */
export function suppressionsOn(construct: IConstruct): Suppression[] {
  return construct.node.metadata
    .filter((m) => m.type === SUPPRESSION_METADATA_TYPE)
    .map((m) => {
      const data = m.data as { ruleId: string; reason: string };
      return { ruleId: data.ruleId, reason: data.reason, path: construct.node.path };
    });
}
