import { IConstruct } from 'constructs';

/**
 * Raised at synth time when a prop or a configuration value is wrong.
 *
 * The message always names where (construct path or config path), which prop, the value
 * given and the fix, so the user never has to read a stack trace from inside cdktf or wait
 * for Terraform to reject the plan.
 */
export class ValidationError extends Error {
  public readonly where: string;
  public readonly prop: string;
  public readonly value: unknown;
  public readonly fix: string;

  constructor(where: string, prop: string, value: unknown, problem: string, fix: string) {
    super(`${where}: ${prop} = ${describeValue(value)} ${problem}. Fix: ${fix}`);
    this.name = 'ValidationError';
    this.where = where;
    this.prop = prop;
    this.value = value;
    this.fix = fix;
  }
}

/** `Network (prod/network)`: the construct's class and its path in the tree. */
export function describeScope(scope: IConstruct | string): string {
  if (typeof scope === 'string') return scope;
  return `${scope.constructor.name} (${scope.node.path})`;
}

/** Throws a {@link ValidationError} for `prop` on `scope`. */
export function invalid(scope: IConstruct | string, prop: string, value: unknown, problem: string, fix: string): never {
  throw new ValidationError(describeScope(scope), prop, value, problem, fix);
}

/** Renders a value for an error message: strings quoted, objects as compact JSON, long values cut. */
export function describeValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) text = String(value);
  else if (typeof value === 'bigint') text = `${value}n`;
  // JSON.stringify gives undefined (not a string) for these two.
  else if (typeof value === 'function') text = `a function${value.name ? ` (${value.name})` : ''}`;
  else if (typeof value === 'symbol') text = value.toString();
  else {
    try {
      // A cycle throws; an object whose toJSON returns undefined gives undefined.
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
