/**
 * The contract between the nginx tier and the services on EKS.
 *
 * Path chosen: one internal Network Load Balancer in the app subnets with a fixed private
 * address per AZ and one TCP listener (and IP target group) per service. The platform stack
 * binds each Kubernetes Service to its target group with a TargetGroupBinding (AWS Load
 * Balancer Controller), so pods register as IP targets directly. nginx's upstreams are the
 * NLB's fixed addresses, known at synth time: the nginx.conf is static, needs no DNS
 * re-resolution (nginx 1.22 open source cannot re-resolve upstream hostnames) and keeps
 * least_conn and upstream keepalive.
 */
export interface ServiceEndpoint {
  /** Service name (matches {@link ServiceConfig.name}). */
  readonly name: string;
  /** URL path prefix nginx routes to the service. */
  readonly pathPrefix: string;
  /** NLB listener port for this service. */
  readonly port: number;
  /** The NLB's fixed private addresses, one per AZ. */
  readonly addresses: string[];
}
