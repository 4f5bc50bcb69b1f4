/** Paths inside the PgBouncer container. */
export const PGBOUNCER_PATHS = {
  config: '/etc/pgbouncer/pgbouncer.ini',
  configDir: '/etc/pgbouncer',
  /** In-memory emptyDir the init container writes the auth file into. */
  authDir: '/run/pgbouncer-auth',
  authFile: '/run/pgbouncer-auth/userlist.txt',
  /** The Secrets Store CSI volume: one file per JSON key of the secret. */
  secretsDir: '/run/secrets/database',
  serverCaDir: '/etc/pgbouncer-ca',
  serverCaFile: '/etc/pgbouncer-ca/server-ca.pem',
  clientTlsDir: '/etc/pgbouncer-client-tls',
} as const;

/**
 * Server connections are recycled after 5 minutes (PgBouncer's default is an hour) so
 * that, after a replica leaves and re-enters the reader name, load spreads back within
 * minutes rather than an hour. https://www.pgbouncer.org/config.html#server_lifetime
 */
export const SERVER_LIFETIME_SECONDS = 300;
/**
 * Protocol-level prepared statements work in transaction pooling since PgBouncer 1.21 when
 * this is non-zero; 200 is the value PgBouncer's documentation uses as its example.
 * https://www.pgbouncer.org/config.html#max_prepared_statements
 */
export const MAX_PREPARED_STATEMENTS = 200;
/** A query waits at most this long for a server connection before the client gets an error. */
export const QUERY_WAIT_TIMEOUT_SECONDS = 30;
/** A transaction idle this long is cancelled: it would hold a pooled server connection. */
export const IDLE_TRANSACTION_TIMEOUT_SECONDS = 60;

export interface PgBouncerConfigInput {
  readonly listenPort: number;
  /** Database name clients use and PgBouncer connects to. */
  readonly databaseName: string;
  readonly serverHost: string;
  readonly serverPort: number;
  /** PostgreSQL user PgBouncer logs in as; its password is read from the auth file. */
  readonly serverUser: string;
  readonly maxClientConnections: number;
  readonly defaultPoolSize: number;
  readonly serverTlsMode: 'verify-full' | 'require';
  readonly serverCaFile?: string;
  /** Client TLS: the directory holding `tls.crt` and `tls.key` (a kubernetes.io/tls Secret). */
  readonly clientTlsDir?: string;
}

/**
 * pgbouncer.ini for transaction pooling of read-only traffic. No secret goes in here: the
 * password of `serverUser` is read from `auth_file`, which the init container writes from
 * the Secrets Manager secret mounted by the CSI driver.
 *
 * Clients authenticate with `trust` (the user name must exist in the auth file; no
 * password): the NetworkPolicy admits only the services namespace. See docs/data-tier.md.
 */
export function renderPgBouncerConfig(c: PgBouncerConfigInput): string {
  const settings: [string, string | number][] = [
    ['listen_addr', '0.0.0.0'],
    ['listen_port', c.listenPort],
    // No Unix socket: the root file system is read-only and nothing in the pod needs one.
    ['unix_socket_dir', ''],
    ['auth_type', 'trust'],
    ['auth_file', PGBOUNCER_PATHS.authFile],
    ['pool_mode', 'transaction'],
    ['max_client_conn', c.maxClientConnections],
    ['default_pool_size', c.defaultPoolSize],
    // Hard cap per pod, whatever user names clients send: the sizing's budget holds.
    ['max_db_connections', c.defaultPoolSize],
    ['reserve_pool_size', 0],
    // The reader name is a weighted DNS record over the replicas: use connections round-robin.
    ['server_round_robin', 1],
    ['server_lifetime', SERVER_LIFETIME_SECONDS],
    ['max_prepared_statements', MAX_PREPARED_STATEMENTS],
    ['query_wait_timeout', QUERY_WAIT_TIMEOUT_SECONDS],
    ['idle_transaction_timeout', IDLE_TRANSACTION_TIMEOUT_SECONDS],
    // JDBC and node-postgres send these; PgBouncer rejects unknown startup parameters.
    ['ignore_startup_parameters', 'extra_float_digits,options'],
    ['server_tls_sslmode', c.serverTlsMode],
    ['server_tls_protocols', 'secure'],
    ...(c.serverCaFile ? ([['server_tls_ca_file', c.serverCaFile]] as [string, string][]) : []),
    ...(c.clientTlsDir
      ? ([
          ['client_tls_sslmode', 'require'],
          ['client_tls_cert_file', `${c.clientTlsDir}/tls.crt`],
          ['client_tls_key_file', `${c.clientTlsDir}/tls.key`],
          ['client_tls_protocols', 'secure'],
        ] as [string, string][])
      : []),
    ['log_connections', 0],
    ['log_disconnections', 0],
    ['stats_period', 60],
  ];
  const database = `${c.databaseName} = host=${c.serverHost} port=${c.serverPort} dbname=${c.databaseName} user=${c.serverUser}`;
  return ['[databases]', database, '', '[pgbouncer]', ...settings.map(([k, v]) => `${k} = ${v}`), ''].join('\n');
}

/**
 * The init container's script: turns the mounted `username` and `password` files into a
 * PgBouncer auth file (`"user" "password"`, double quotes doubled) on an in-memory volume,
 * readable only by the PgBouncer user. The values never appear in Terraform or Kubernetes
 * objects.
 */
export function authFileScript(): string {
  const escaped = (file: string) => `"$(sed 's/"/""/g' ${PGBOUNCER_PATHS.secretsDir}/${file})"`;
  return ['set -eu', 'umask 077', `printf '"%s" "%s"\\n' ${escaped('username')} ${escaped('password')} > ${PGBOUNCER_PATHS.authFile}`].join('\n');
}
