/**
 * Names the two stacks of an environment agree on, in a module that loads no provider
 * bindings (the AWS stack's Pod Identity associations name what the platform stack creates).
 */

/** Namespace of the services; their Pod Identity associations (AWS stack) name it. */
export const SERVICES_NAMESPACE = 'services';
/** The application database every environment creates; services and the read pooler use it. */
export const DATABASE_NAME = 'app';
/**
 * NLB listener ports: `SERVICE_LISTENER_FIRST_PORT + <index in services>`. Keep the order of
 * the services stable; the nginx tier reads the ports from the ingress's endpoints.
 */
export const SERVICE_LISTENER_FIRST_PORT = 8080;

/**
 * Where a service keeps its cache keys: `<service>:` (in cluster mode, a hash tag goes after
 * it, e.g. `user-service:{42}:profile`). Its Valkey user may touch only those keys.
 */
export function serviceCacheKeyPrefix(service: string): string {
  return `${service}:`;
}

/** A service's Valkey user: its own keys, every command but the dangerous ones. */
export function serviceCacheAccessString(service: string): string {
  return `on ~${serviceCacheKeyPrefix(service)}* +@all -@dangerous`;
}
