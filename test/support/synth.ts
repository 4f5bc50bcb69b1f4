import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { testApp } from './temp';

/** A synthesized stack, parsed: `resource.<type>.<name>` with snake_case keys. */
export interface SynthesizedStack {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: unknown }>;
  readonly [key: string]: unknown;
}

/**
 * GIVEN-helper: builds constructs inside a fresh stack with an aws provider and returns the
 * parsed Terraform JSON, so tests read as facts about resources.
 */
export function synthConstructs(build: (scope: Construct) => void): SynthesizedStack {
  const app = testApp();
  const stack = new TerraformStack(app, 'test');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  build(stack);
  return JSON.parse(Testing.synth(stack)) as SynthesizedStack;
}

/** Every resource of a type, keyed by its logical name. */
export function resourcesOf(stack: SynthesizedStack, type: string): Record<string, Record<string, unknown>> {
  return stack.resource?.[type] ?? {};
}

/** Bodies of every resource of a type. */
export function allOf(stack: SynthesizedStack, type: string): Record<string, unknown>[] {
  return Object.values(resourcesOf(stack, type));
}

/** The only resource of a type; fails the test if there are none or several. */
export function onlyOf(stack: SynthesizedStack, type: string): Record<string, unknown> {
  const all = allOf(stack, type);
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

export function countOf(stack: SynthesizedStack, type: string): number {
  return allOf(stack, type).length;
}

/** Parses a JSON policy string found in a resource attribute. */
export function policyOf(value: unknown): { Statement: Record<string, unknown>[] } {
  if (typeof value !== 'string') throw new Error(`expected a policy string, got ${typeof value}`);
  return JSON.parse(value) as { Statement: Record<string, unknown>[] };
}
