import { Fn } from 'cdktf';

/**
 * Account and partition read from the ARN of a resource the stack itself creates.
 *
 * Why: `data "aws_caller_identity"` calls STS during every plan, which breaks the offline
 * `terraform plan` this library is verified with and adds an AWS call to every run. Any
 * ARN the stack owns already carries the account id (field 5) and partition (field 2).
 */
export function accountIdFromArn(arn: string): string {
  return Fn.element(Fn.split(':', arn), 4);
}

export function partitionFromArn(arn: string): string {
  return Fn.element(Fn.split(':', arn), 1);
}

/** Region of an availability zone name ("us-east-1a" -> "us-east-1"). */
export function regionOfAvailabilityZone(az: string): string {
  return az.replace(/[a-z]$/, '');
}

/** Matches regional AZ names such as us-east-1a, eu-central-1b, us-gov-west-1a. */
export const AVAILABILITY_ZONE_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/;
