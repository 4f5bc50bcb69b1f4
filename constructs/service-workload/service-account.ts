/** A Kubernetes service account: what an EKS Pod Identity association binds a role to. */
export interface WorkloadServiceAccount {
  readonly namespace: string;
  readonly name: string;
}

/**
 * The service account a {@link ServiceWorkload} runs as: named after the workload, in its
 * namespace. The AWS stack binds the service's role to it (ServiceIdentity) before the
 * platform stack creates the workload, so both sides use this one function. A light module:
 * the AWS stack loads no Kubernetes provider bindings through it.
 */
export function workloadServiceAccount(namespace: string, name: string): WorkloadServiceAccount {
  return { namespace, name };
}
