/**
 * Ports the EKS control plane must reach on nodes and pods. With the VPC CNI (no security
 * groups for pods) a pod's port is reached through the node security group, and the project's
 * node groups carry only their own group (not the EKS cluster security group), so each port
 * below is one rule pair on the control plane's and the nodes' security groups
 * (constructs/eks-cluster). A webhook or API service whose port is missing fails silently:
 * the API server cannot call it (an HPA on a custom metric never gets its value; an admission
 * webhook fails requests or is skipped).
 *
 * Every chart the platform stack installs that registers a webhook or an APIService is listed
 * with the value that sets its port; the chart values the library passes set each of these
 * keys from the constants here, so the security groups and the charts cannot drift apart.
 * Charts that serve neither (cluster-autoscaler, kube-state-metrics, node-exporter, grafana,
 * secrets-store-csi-driver and its AWS provider) need no rule: Prometheus scrapes them pod to
 * pod, inside the node group.
 */
export interface ControlPlanePort {
  readonly port: number;
  /** What the API server calls there. */
  readonly purpose: string;
  /** The chart and value that set the port, or the AWS requirement behind it. */
  readonly source: string;
}

/** AWS's minimum rules for a restricted cluster security group: https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html */
const EKS_SG_REQUIREMENTS = 'https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html';

/** kubelet API (logs, exec, port-forward) and every webhook below that listens on 10250. */
export const KUBELET_PORT: ControlPlanePort = { port: 10250, purpose: 'kubelet API', source: `EKS minimum outbound rule TCP 10250 (${EKS_SG_REQUIREMENTS})` };

/** HTTPS to the nodes: EKS's minimum outbound rule. */
export const NODE_HTTPS_PORT: ControlPlanePort = { port: 443, purpose: 'HTTPS to nodes', source: `EKS minimum outbound rule TCP 443 (${EKS_SG_REQUIREMENTS})` };

/**
 * metrics-server 3.13.0: the `v1beta1.metrics.k8s.io` APIService; chart value `containerPort`
 * (default 10250, passed as `--secure-port`; the library sets it, constructs/cluster-controllers).
 */
export const METRICS_SERVER_PORT: ControlPlanePort = { port: 10250, purpose: 'metrics-server APIService v1beta1.metrics.k8s.io', source: 'metrics-server chart 3.13.0 value containerPort (default 10250)' };

/**
 * aws-load-balancer-controller 1.14.1: mutating and validating webhooks (TargetGroupBinding,
 * pods); chart value `webhookBindPort` (empty: the controller's default, 9443; the library sets it).
 */
export const LOAD_BALANCER_CONTROLLER_WEBHOOK_PORT: ControlPlanePort = {
  port: 9443,
  purpose: 'aws-load-balancer-controller webhooks',
  source: 'aws-load-balancer-controller chart 1.14.1 value webhookBindPort ("The TCP port the Webhook server binds to. (default 9443)")',
};

/**
 * prometheus-adapter 5.3.0: the `v1beta1.custom.metrics.k8s.io` APIService the services' HPAs
 * read requests per second from; chart value `listenPort` (default 6443, the container's
 * `--secure-port`; the library sets it, constructs/cluster-monitoring).
 */
export const PROMETHEUS_ADAPTER_PORT: ControlPlanePort = { port: 6443, purpose: 'prometheus-adapter APIService v1beta1.custom.metrics.k8s.io', source: 'prometheus-adapter chart 5.3.0 value listenPort (default 6443)' };

/**
 * kube-prometheus-stack 88.5.3: the Prometheus Operator's admission webhooks
 * (PrometheusRule validation and mutation); chart value `prometheusOperator.tls.internalPort`
 * (default 10250; the library sets it, constructs/cluster-monitoring).
 */
export const PROMETHEUS_OPERATOR_WEBHOOK_PORT: ControlPlanePort = {
  port: 10250,
  purpose: 'Prometheus Operator admission webhooks',
  source: 'kube-prometheus-stack chart 88.5.3 value prometheusOperator.tls.internalPort (default 10250)',
};

/**
 * Every port the control plane reaches on the nodes, one entry per component. Tiers that
 * install another webhook (a service mesh's injector, a broker operator) add theirs here.
 */
export const CONTROL_PLANE_PORTS: readonly ControlPlanePort[] = [
  NODE_HTTPS_PORT,
  KUBELET_PORT,
  METRICS_SERVER_PORT,
  LOAD_BALANCER_CONTROLLER_WEBHOOK_PORT,
  PROMETHEUS_ADAPTER_PORT,
  PROMETHEUS_OPERATOR_WEBHOOK_PORT,
];

/** The distinct ports of {@link CONTROL_PLANE_PORTS}, ascending, each with every purpose served there. */
export function controlPlanePortRules(ports: readonly ControlPlanePort[] = CONTROL_PLANE_PORTS): { port: number; purposes: string[] }[] {
  const byPort = new Map<number, string[]>();
  for (const p of ports) byPort.set(p.port, [...(byPort.get(p.port) ?? []), p.purpose]);
  return [...byPort.entries()].sort((a, b) => a[0] - b[0]).map(([port, purposes]) => ({ port, purposes }));
}
