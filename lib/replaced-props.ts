import { IConstruct } from 'constructs';
import { invalid } from './errors';

/** What replaced a prop, and the migration (the fix) for a given old value. */
export interface Replacement {
  /** What replaced it, e.g. "one protection setting". */
  readonly by: string;
  readonly fix: (value: unknown) => string;
}

/**
 * Props a release replaced. A JavaScript caller (or a TypeScript one casting its props) who
 * still passes one gets a ValidationError naming the replacement, instead of a prop that is
 * silently ignored.
 */
export type Replacements = Readonly<Record<string, Replacement>>;

export function rejectReplacedProps(scope: IConstruct | string, props: object | undefined, replacements: Replacements): void {
  const record = (props ?? {}) as Record<string, unknown>;
  for (const [prop, replacement] of Object.entries(replacements)) {
    const value = record[prop];
    if (value !== undefined) invalid(scope, prop, value, `is no longer a prop: ${replacement.by} replaced it`, replacement.fix(value));
  }
}
