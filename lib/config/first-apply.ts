import { CapacityPlan } from '../capacity/plan';
import { instanceSpec } from '../capacity/catalog';
import { CLOUDFRONT_QUOTAS } from '../capacity/cdn';
import { fmt } from '../capacity/spread';
import { eksVersionLifecycle, EKS_VERSIONS_READ, pastStandardSupport } from '../eks-versions';
import { EnvironmentConfig, kubernetesVersionOf } from './environment';

/**
 * What an operator must do or know before the first `cdktf deploy` of an environment, from
 * its config and plan: the quotas a fresh account lacks, the DNS zone, the Kubernetes version's
 * support window. `npm run capacity -- <env>` prints the list; the items that need action are
 * also warnings in the synth summary (the AWS stack annotates them).
 */
export interface FirstApplyItem {
  /** Short name: "reserved LCU quota". */
  readonly topic: string;
  /** What to do (or, for `action: false`, what holds). */
  readonly text: string;
  /** True when the operator must act before the first apply. */
  readonly action: boolean;
}

/** RFC 2606 / RFC 6761 names that Route 53 will not serve and ACM can never validate. */
const RESERVED_DOMAINS = ['example.com', 'example.net', 'example.org', 'example', 'test', 'invalid', 'localhost'];

/**
 * EC2 On-Demand vCPU quota names by instance family letter.
 * https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-instance-quotas.html
 */
const STANDARD_FAMILIES = /^[acdhimrtz]/;
const STANDARD_QUOTA = 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances (L-1216C47A)';
const EC2_QUOTAS_DOC = 'https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-instance-quotas.html';
/** https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html; a fresh account's Region quota is 0. */
const RESERVED_LCU_QUOTA = 'Reserved Application Load Balancer Capacity Units (LCU) per Region';
const ALB_QUOTAS_DOC = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html';

/** The zone is under a reserved (RFC 2606/6761) domain: no registrar delegates it. */
export function isReservedDomain(zoneName: string): boolean {
  const name = zoneName.toLowerCase().replace(/\.$/, '');
  return RESERVED_DOMAINS.some((d) => name === d || name.endsWith(`.${d}`));
}

/**
 * The first-apply checklist of an environment, in the order to work through it. `asOf`
 * (YYYY-MM-DD) is the day the support window is judged at.
 * @default asOf - the day lib/eks-versions.ts was read (reproducible reports)
 */
export function firstApplyChecklist(config: EnvironmentConfig, plan: CapacityPlan, asOf: string = EKS_VERSIONS_READ): FirstApplyItem[] {
  const items: FirstApplyItem[] = [];
  if (isReservedDomain(config.domain.zoneName)) {
    items.push({
      topic: 'DNS zone',
      action: true,
      text:
        `domain.zoneName "${config.domain.zoneName}" is under a reserved example domain (RFC 2606): Route 53 cannot serve it to the internet and ACM can never validate its certificate, ` +
        `so the first apply waits on the certificate until it times out. Set domain.zoneName (and domain.hostedZoneId for an existing zone) to a zone you own, and delegate it from its parent`,
    });
  }

  const region = config.region;
  const reserved = plan.alb.totalLcu;
  if (config.albCapacityReservation) {
    items.push({
      topic: 'reserved LCU quota',
      action: true,
      text: `albCapacityReservation is on: request "${RESERVED_LCU_QUOTA}" in ${region} of at least ${fmt(reserved)} (${plan.alb.count} ALB(s) x ${fmt(plan.alb.lcuReservationPerAlb)}) before the first apply; the quota starts at 0 and an ALB over it fails to create (${ALB_QUOTAS_DOC})`,
    });
  } else {
    items.push({
      topic: 'reserved LCU quota',
      action: true,
      text: `ALBs are created without an LCU reservation (albCapacityReservation is off). Before full load, request "${RESERVED_LCU_QUOTA}" in ${region} of at least ${fmt(reserved)} (${plan.alb.count} ALB(s) x ${fmt(plan.alb.lcuReservationPerAlb)}); once granted, set albCapacityReservation: true (${ALB_QUOTAS_DOC})`,
    });
  }

  const nodeType = plan.eks.nodeGroups[0]?.instanceTypes[0];
  const fleets = [
    { what: 'EKS nodes', type: nodeType, min: plan.eks.expectedNodesMin, max: plan.eks.expectedNodesMax },
    { what: 'nginx instances', type: plan.nginx.instanceType, min: plan.nginx.minSize, max: plan.nginx.maxSize },
  ].filter((f) => f.type !== undefined) as { what: string; type: string; min: number; max: number }[];
  const byQuota = new Map<string, { min: number; max: number; parts: string[] }>();
  for (const f of fleets) {
    const vcpus = instanceSpec(f.type, `first-apply checklist (${config.name})`).vcpus;
    const family = f.type.split('.')[0];
    const quota = STANDARD_FAMILIES.test(family) ? STANDARD_QUOTA : `Running On-Demand ${family.charAt(0).toUpperCase()} instances`;
    const entry = byQuota.get(quota) ?? { min: 0, max: 0, parts: [] };
    entry.min += f.min * vcpus;
    entry.max += f.max * vcpus;
    entry.parts.push(`${f.what} ${fmt(f.min)}-${fmt(f.max)} x ${f.type} (${vcpus} vCPUs)`);
    byQuota.set(quota, entry);
  }
  for (const [quota, e] of byQuota) {
    items.push({
      topic: 'On-Demand vCPU quota',
      action: true,
      text: `request "${quota}" in ${region} of at least ${fmt(e.min)} vCPUs before the first apply (the minimum sizes: ${e.parts.join(' + ')}) and ${fmt(e.max)} before scaling to the maxima (${EC2_QUOTAS_DOC})`,
    });
  }

  // CloudFront (issue 18): a distribution over the default requests/s quota needs an increase first.
  const cloudFrontQuota = CLOUDFRONT_QUOTAS.requestsPerSecondPerDistribution.value;
  for (const [which, needed] of [['static', plan.cdn.requestQuotaNeeded.static], ['API', plan.cdn.requestQuotaNeeded.api]] as const) {
    if (needed > cloudFrontQuota) {
      items.push({
        topic: 'CloudFront requests/s quota',
        action: true,
        text: `the ${which} distribution carries its target at utilisation ${plan.targetUtilization} only with "Requests per second per distribution" raised from ${fmt(cloudFrontQuota)} to at least ${fmt(needed)}: request it before sending it production load (${CLOUDFRONT_QUOTAS.requestsPerSecondPerDistribution.source})`,
      });
    }
  }
  if (config.cdn?.apiFront && config.cdn.originFacingPrefixListId === undefined) {
    items.push({
      topic: 'CloudFront origin-facing prefix list',
      action: true,
      text: `cdn.apiFront is on: set cdn.originFacingPrefixListId to the id aws ec2 describe-managed-prefix-lists --region ${region} --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing prints (the ALBs admit only it; the stack refuses to synth without it)`,
    });
  }

  const version = kubernetesVersionOf(config);
  const lifecycle = eksVersionLifecycle(version);
  if (lifecycle) {
    const past = pastStandardSupport(version, asOf);
    items.push({
      topic: 'Kubernetes version',
      action: past,
      text: past
        ? `Kubernetes ${version} left EKS standard support on ${lifecycle.endOfStandardSupport}: a cluster created on it starts in extended support (6x the control-plane fee; lib/cost) and is force-upgraded after ${lifecycle.endOfExtendedSupport}. Set kubernetesVersion to a version in standard support`
        : `Kubernetes ${version}: EKS standard support until ${lifecycle.endOfStandardSupport}, extended support until ${lifecycle.endOfExtendedSupport} (${lifecycle.source})`,
    });
  }
  return items;
}

/** The checklist as the capacity report's last section. */
export function renderFirstApplyChecklist(items: readonly FirstApplyItem[], format: 'table' | 'markdown'): string {
  const title = 'Before the first apply';
  if (format === 'markdown') {
    return [`## ${title}`, '', ...items.map((i) => `- **${i.topic}**${i.action ? '' : ' (no action)'}: ${i.text}.`), ''].join('\n');
  }
  return [`== ${title} ==`, ...items.map((i) => `  ${i.action ? '[action]' : '[ok]    '} ${i.topic}: ${i.text}.`), ''].join('\n');
}
