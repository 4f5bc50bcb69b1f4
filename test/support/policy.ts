import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ALL_RULES, CheckOutcome, PolicyRule, StackView } from '../../lib/policy';
import { testApp } from './temp';

/** The rule with this id; fails the test when there is none. */
export function ruleById(id: string): PolicyRule {
  const rule = ALL_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no policy rule ${id}`);
  return rule;
}

/** One outcome of a rule's check, with the resource it was checked on. */
export interface RuleCheck {
  /** `type.name` of the resource checked. */
  readonly address: string;
  readonly outcome: CheckOutcome;
}

/**
 * GIVEN-helper for rule tests: builds resources in a fresh stack (with an aws provider) and
 * applies one rule's `check` to every resource of its types, as the policy does, but without
 * the policy's machinery (production-only filtering, suppressions, severities): only the
 * rule's own judgement.
 */
export function checkRule(id: string, build: (scope: Construct) => void): RuleCheck[] {
  const rule = ruleById(id);
  const stack = new TerraformStack(testApp(), 'test');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  build(stack);
  const view = new StackView(stack);
  return view.ofType(...rule.resourceTypes).map((resource) => ({ address: resource.address, outcome: rule.check(resource, view) }));
}

/** The outcomes only, for rules checked on a single resource. */
export function outcomesOf(id: string, build: (scope: Construct) => void): CheckOutcome[] {
  return checkRule(id, build).map((c) => c.outcome);
}

/** Resources as Terraform JSON: type, logical name, snake_case configuration. */
export type Resources = Record<string, Record<string, Record<string, unknown>>>;

/**
 * GIVEN-helper for rule tests that need exact Terraform JSON (blocks as lists or objects,
 * expressions, attributes no construct sets): the resources are written into an empty
 * stack with cdktf's escape hatch (`addOverride`), and one rule's `check` is applied to
 * every resource of its types, in the order given.
 */
export function checkResources(id: string, resources: Resources): RuleCheck[] {
  const rule = ruleById(id);
  const stack = new TerraformStack(testApp(), 'test');
  for (const [type, byName] of Object.entries(resources)) {
    for (const [name, config] of Object.entries(byName)) stack.addOverride(`resource.${type}.${name}`, config);
  }
  const view = new StackView(stack);
  return view.ofType(...rule.resourceTypes).map((resource) => ({ address: resource.address, outcome: rule.check(resource, view) }));
}

/** The outcome of a rule on the one resource of its types in `resources`. */
export function outcomeOf(id: string, resources: Resources): CheckOutcome {
  const checks = checkResources(id, resources);
  if (checks.length !== 1) throw new Error(`expected ${id} to check one resource, it checked ${checks.length}`);
  return checks[0].outcome;
}

/**
 * Outcomes as plain objects, written out rather than built with lib/policy's own `pass()`
 * and `fail()`: a test must not change with the code it checks.
 */
export const PASS = { status: 'pass' } as const;
export const FAIL = (detail: string) => ({ status: 'fail', detail });
export const NOT_APPLICABLE = (why: string) => ({ status: 'not-applicable', why });
export const UNKNOWN = (detail: string) => ({ status: 'unknown', detail });
