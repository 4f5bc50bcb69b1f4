/**
 * A service that takes traffic: it runs on EKS, nginx routes `pathPrefix` to it, and the
 * capacity model sizes it from `podRps`.
 */
export interface ServiceConfig {
  /** DNS-1123 label: lower-case letters, digits and hyphens; also the ECR repository name. */
  readonly name: string;
  /** URL path prefix nginx routes to this service (`/` for the catch-all). */
  readonly pathPrefix: string;
  /** Container port the service listens on. */
  readonly containerPort: number;
  /** Image tag deployed from the service's ECR repository (created by the AWS stack). */
  readonly imageTag: string;
  /** Liveness path (process is alive). */
  readonly livenessPath: string;
  /** Readiness path (ready to take traffic; fails during drain). */
  readonly readinessPath: string;
}
