import { ResourceView, StackView } from './stack-view';

/** How a failed check is reported. Errors fail `cdktf synth`; warnings are printed. */
export enum Severity {
  ERROR = 'error',
  WARNING = 'warning',
}

/** Outcome of one rule on one resource. */
export type CheckOutcome =
  | { readonly status: 'pass' }
  | { readonly status: 'fail'; readonly detail: string }
  /** The rule does not concern this resource (e.g. an internal ALB for the WAF rule). */
  | { readonly status: 'not-applicable'; readonly why: string }
  /** The value is a Terraform expression only known at apply time. */
  | { readonly status: 'unknown'; readonly detail: string };

export const pass = (): CheckOutcome => ({ status: 'pass' });
export const fail = (detail: string): CheckOutcome => ({ status: 'fail', detail });
export const notApplicable = (why: string): CheckOutcome => ({ status: 'not-applicable', why });
export const unknown = (detail: string): CheckOutcome => ({ status: 'unknown', detail });

/**
 * One guardrail, keyed by the checkov id it implements (or a cdk-nag id, or `MRPS_*` for
 * checks neither tool has). Where this implementation departs from checkov, `deviation`
 * says how and why; the README lists every rule.
 */
export interface PolicyRule {
  /** Checkov id (`CKV_AWS_16`, `CKV2_AWS_11`), cdk-nag id (`AwsSolutions-EC23`) or `MRPS_*`. */
  readonly id: string;
  /** What must be true, in checkov's words where there is a checkov check. */
  readonly title: string;
  /** Terraform resource types the rule inspects. */
  readonly resourceTypes: readonly string[];
  /**
   * How the rule table of docs/guardrails.md names `resourceTypes` when listing them all
   * would not fit in a table cell.
   * @default - every type in resourceTypes
   */
  readonly resourceSummary?: string;
  /** How to make a failing resource pass. */
  readonly fix: string;
  /** @default Severity.ERROR */
  readonly severity?: Severity;
  /**
   * Checked only in production environments (deletion protection, one-year log retention);
   * elsewhere the check reports "not applicable".
   * @default false
   */
  readonly productionOnly?: boolean;
  /** Where this rule differs from the checkov or cdk-nag check of the same id, and why. */
  readonly deviation?: string;
  check(resource: ResourceView, stack: StackView): CheckOutcome;
}
