import { Protection } from 'cdktf-million-rps';

/**
 * What this environment is: where it runs and its name on the internet. Set these to your
 * own. Sizes are not here: capacity.ts states the services and the load, and `planCapacity`
 * derives every count from it.
 */
export const ENVIRONMENT = 'shop';
/**
 * One protection setting for every construct: non-production, so the example can be
 * destroyed and re-created (no deletion protection or `prevent_destroy`, a month of logs, a
 * week of backups). Use `Protection.PRODUCTION` for an environment you keep, and
 * `Policy.apply(this, { production: true })` in stack.ts to match.
 */
export const PROTECTION = Protection.NON_PRODUCTION;
export const REGION = 'us-east-1';
/** Three AZs, so every tier still carries the target with one AZ lost (capacity.ts: survivesAzLoss). */
export const AVAILABILITY_ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
export const VPC_CIDR = '10.50.0.0/16';
/** A public hosted zone is created for it; delegate it from the parent domain (output `name_servers`). The EKS API stays private to the VPC. */
export const ZONE_NAME = 'shop.example.com';

/**
 * IAM roles given cluster-admin on EKS through access entries (for example your platform
 * administrators' role). The identity that deploys is not made admin implicitly, so with
 * none nobody can use kubectl.
 */
export const EKS_ADMIN_ROLE_ARNS: string[] = [];
/** Addresses subscribed to the alarm topic; each confirms once by e-mail. Empty: alarms reach only the topic. */
export const ALARM_EMAILS: string[] = [];
