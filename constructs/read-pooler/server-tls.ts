/**
 * How PgBouncer authenticates the database servers it connects to. RDS requires TLS
 * (`rds.force_ssl = 1` in the construct's parameter groups) either way.
 *
 * RDS server certificates are signed by Amazon RDS's own certificate authorities, which
 * are not in the image's system trust store, so `verify-full` needs the RDS CA bundle
 * (https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem, see
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html). The library
 * does not download it: a pod fetching its trust anchor at start is a runtime dependency on
 * the internet and on the download not being tampered with. The operator vendors the bundle
 * and passes its PEM text.
 */
export abstract class ServerTls {
  /**
   * `server_tls_sslmode = verify-full` against the given PEM bundle (mounted from a ConfigMap):
   * encrypted, and the replica's certificate must chain to the bundle and match the host name.
   */
  public static verifyFull(caBundlePem: string): ServerTls {
    return new VerifyFull(caBundlePem);
  }

  /**
   * `server_tls_sslmode = require`: encrypted, but the server's certificate is not checked,
   * so an attacker able to redirect the replica's address inside the VPC could impersonate it.
   * Use until the CA bundle is vendored.
   */
  public static require(): ServerTls {
    return new RequireOnly();
  }

  /** PgBouncer's `server_tls_sslmode`. */
  public abstract readonly sslMode: 'verify-full' | 'require';
  /** PEM text of the trusted CAs, when the server is verified. */
  public abstract readonly caBundlePem?: string;
}

class VerifyFull extends ServerTls {
  public readonly sslMode = 'verify-full' as const;
  constructor(public readonly caBundlePem: string) {
    super();
  }
}

class RequireOnly extends ServerTls {
  public readonly sslMode = 'require' as const;
  public readonly caBundlePem = undefined;
}
