import { Protection } from 'cdktf-million-rps';

/**
 * What this environment is: where it runs, its name on the internet and the services it
 * serves. Set these to your own. Sizes are not here: capacity.ts states the load and
 * `planCapacity` derives every count from it.
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
/** A public hosted zone is created for it; delegate it from the parent domain (output `name_servers`). */
export const ZONE_NAME = 'shop.example.com';

/**
 * IAM roles given cluster-admin on EKS through access entries (for example your platform
 * administrators' role). The identity that deploys is not made admin implicitly, so with
 * none nobody can use kubectl.
 */
export const EKS_ADMIN_ROLE_ARNS: string[] = [];
/**
 * CIDRs allowed to reach the EKS API from the internet (your office or VPN egress). Empty
 * keeps the API private: reach it from inside the VPC (VPN, bastion, CI runner in the VPC).
 */
export const EKS_PUBLIC_ACCESS_CIDRS: string[] = [];

/** Addresses subscribed to the alarm topic; each confirms once by e-mail. Empty: alarms reach only the topic. */
export const ALARM_EMAILS: string[] = [];

/** One service on EKS: where nginx sends it traffic and how the NLB health-checks its pods. */
export interface ServiceSettings {
  readonly name: string;
  readonly pathPrefix: string;
  readonly containerPort: number;
  readonly readinessPath: string;
}

/** Containers listen on an unprivileged port (they run as non-root). */
const CONTAINER_PORT = 8080;

/** Every request enters through `gateway`, which routes it to exactly one backend (shares in capacity.ts). */
export const SERVICES: ServiceSettings[] = [
  { name: 'gateway', pathPrefix: '/', containerPort: CONTAINER_PORT, readinessPath: '/health/ready' },
  { name: 'catalog', pathPrefix: '/api/catalog', containerPort: CONTAINER_PORT, readinessPath: '/health/ready' },
  { name: 'orders', pathPrefix: '/api/orders', containerPort: CONTAINER_PORT, readinessPath: '/health/ready' },
];
