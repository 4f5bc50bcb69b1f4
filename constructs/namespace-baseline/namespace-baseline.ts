import { Construct } from 'constructs';
import { LimitRangeV1 } from '@cdktf/provider-kubernetes/lib/limit-range-v1';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { ResourceQuotaV1 } from '@cdktf/provider-kubernetes/lib/resource-quota-v1';
import type { NamespaceQuotaPlan } from '../../lib/capacity/plan';
import { parseCidr } from '../../lib/cidr';
import { DNS_1123_LABEL, DNS_1123_LABEL_MAX } from '../../lib/config/services';
import { invalid } from '../../lib/errors';
import { checkPlanSlice, planned } from '../../lib/plan-slice';
import { checkArray, checkBoolean, checkInteger, checkName, checkProps, checkRequiredObject } from '../../lib/validation';

/** Totals the namespace may request (ResourceQuota `hard`). */
export interface NamespaceQuota {
  readonly cpuRequestMillicores: number;
  readonly memoryRequestMiB: number;
  readonly cpuLimitMillicores: number;
  readonly memoryLimitMiB: number;
  readonly pods: number;
}

export interface NamespaceBaselineProps {
  /** Namespace name (DNS-1123 label). */
  readonly name: string;
  /**
   * The namespace's slice of the capacity plan (`plan.servicesNamespace`): its ResourceQuota.
   * @default - no plan: `quota` is required
   */
  readonly capacity?: NamespaceQuotaPlan;
  /**
   * Resource quota of the namespace. Required without `capacity`; next to it, it must equal the plan's.
   * @default - the quota of `capacity`
   */
  readonly quota?: NamespaceQuota;
  /**
   * CIDRs whose traffic pods admit (the internal NLB's subnets: IP targets see the NLB's
   * own addresses as the source), on `ingressPorts`.
   */
  readonly ingressCidrs: string[];
  /** Pod ports the network policy admits from `ingressCidrs` (the services' container ports). */
  readonly ingressPorts: number[];
  /**
   * Admit every pod of the namespace from every other pod of it, on any port. Turn it off and
   * state each in-namespace edge as its own NetworkPolicy (ServicesTier does: the gateway to
   * the backends, the database users to the read pooler).
   * @default true
   */
  readonly allowSameNamespace?: boolean;
  /**
   * More labels on the namespace, e.g. `istio.io/dataplane-mode: ambient` to enrol it in the
   * mesh. The Pod Security labels are this construct's and cannot be overridden.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Container defaults for pods that state none (the LimitRange); every workload in this
   * library states its own.
   * @default - 100m / 128 MiB requested, 500m / 512 MiB limit
   */
  readonly defaultContainer?: { readonly cpuMillicores: number; readonly memoryMiB: number; readonly cpuLimitMillicores: number; readonly memoryLimitMiB: number };
}

const DEFAULT_CONTAINER = { cpuMillicores: 100, memoryMiB: 128, cpuLimitMillicores: 500, memoryLimitMiB: 512 };
/** Pod Security Standards level: https://kubernetes.io/docs/concepts/security/pod-security-standards/ */
const POD_SECURITY_LEVEL = 'restricted';

/**
 * A namespace for services with guard rails: the `restricted` Pod Security Standard
 * enforced, a ResourceQuota sized from the capacity model, a LimitRange with defaults,
 * and NetworkPolicies that deny ingress except from the namespace itself (unless
 * `allowSameNamespace` is false) and from the load balancer's CIDRs on the service ports
 * (enforced by VPC CNI network policy, which always admits the node's own address, so the
 * kubelet's probes need no rule: aws/aws-network-policy-agent pull request 65).
 */
export class NamespaceBaseline extends Construct {
  public readonly namespaceName: string;

  constructor(scope: Construct, id: string, props: NamespaceBaselineProps) {
    super(scope, id);
    checkProps(this, props, `{ name: 'services', capacity: plan.servicesNamespace, ingressCidrs, ingressPorts }`);
    checkName(this, 'name', props.name, { maxLength: DNS_1123_LABEL_MAX, pattern: DNS_1123_LABEL, charset: 'lower-case letters, digits and hyphens (a DNS-1123 label)', what: 'namespace' });
    checkPlanSlice(this, 'capacity', props.capacity);
    const plan = props.capacity;
    const quota = planned<NamespaceQuota>(this, 'quota', props.quota, plan && {
      cpuRequestMillicores: plan.cpuRequestMillicores,
      memoryRequestMiB: plan.memoryRequestMiB,
      cpuLimitMillicores: plan.cpuLimitMillicores,
      memoryLimitMiB: plan.memoryLimitMiB,
      pods: plan.pods,
    });
    checkRequiredObject(this, 'quota', quota, 'pass capacity (plan.servicesNamespace), or the ResourceQuota sizes, e.g. quota: { cpuRequestMillicores, memoryRequestMiB, cpuLimitMillicores, memoryLimitMiB, pods }');
    for (const [key, value] of Object.entries(quota!)) checkInteger(this, `quota.${key}`, value, { min: 1 });
    checkArray(this, 'ingressCidrs', props.ingressCidrs, { minLength: 1, what: 'CIDRs' });
    props.ingressCidrs.forEach((c, i) => {
      if (!parseCidr(c)) invalid(this, `ingressCidrs[${i}]`, c, 'is not an IPv4 network CIDR', 'pass CIDRs such as "10.30.0.0/18"');
    });
    checkArray(this, 'ingressPorts', props.ingressPorts, { minLength: 1, what: 'ports' });
    for (const key of Object.keys(props.labels ?? {})) {
      if (key.startsWith('pod-security.kubernetes.io/')) invalid(this, 'labels', key, 'would override the namespace\'s Pod Security Standard', `remove it: the namespace enforces ${POD_SECURITY_LEVEL}`);
    }
    props.ingressPorts.forEach((p, i) => checkInteger(this, `ingressPorts[${i}]`, p, { min: 1, max: 65535 }));
    checkBoolean(this, 'allowSameNamespace', props.allowSameNamespace);

    const namespace = new NamespaceV1(this, 'namespace', {
      metadata: {
        name: props.name,
        labels: {
          ...props.labels,
          'pod-security.kubernetes.io/enforce': POD_SECURITY_LEVEL,
          'pod-security.kubernetes.io/warn': POD_SECURITY_LEVEL,
          'app.kubernetes.io/managed-by': 'cdktf',
        },
      },
    });
    this.namespaceName = namespace.metadata.name;
    const metadata = (name: string) => ({ name, namespace: this.namespaceName });

    const q = quota!;
    new ResourceQuotaV1(this, 'quota', {
      metadata: metadata('services'),
      spec: {
        hard: {
          'requests.cpu': `${q.cpuRequestMillicores}m`,
          'requests.memory': `${q.memoryRequestMiB}Mi`,
          'limits.cpu': `${q.cpuLimitMillicores}m`,
          'limits.memory': `${q.memoryLimitMiB}Mi`,
          pods: String(q.pods),
        },
      },
    });

    const d = props.defaultContainer ?? DEFAULT_CONTAINER;
    new LimitRangeV1(this, 'limits', {
      metadata: metadata('container-defaults'),
      spec: {
        limit: [
          {
            type: 'Container',
            defaultRequest: { cpu: `${d.cpuMillicores}m`, memory: `${d.memoryMiB}Mi` },
            default: { cpu: `${d.cpuLimitMillicores}m`, memory: `${d.memoryLimitMiB}Mi` },
          },
        ],
      },
    });

    new NetworkPolicyV1(this, 'default-deny-ingress', {
      metadata: metadata('default-deny-ingress'),
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });
    if (props.allowSameNamespace ?? true) {
      new NetworkPolicyV1(this, 'allow-same-namespace', {
        metadata: metadata('allow-same-namespace'),
        spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] },
      });
    }
    new NetworkPolicyV1(this, 'allow-load-balancer', {
      metadata: metadata('allow-load-balancer'),
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: props.ingressCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: props.ingressPorts.map((port) => ({ port: String(port), protocol: 'TCP' })) }],
      },
    });
  }
}
