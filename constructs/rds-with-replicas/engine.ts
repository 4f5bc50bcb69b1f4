/**
 * PostgreSQL on RDS, pinned to a major version.
 *
 * Why major only: with `engine_version = "16"` and `auto_minor_version_upgrade = true`
 * AWS applies minor versions in the maintenance window and the AWS provider compares the
 * configured prefix with the running version, so Terraform shows no drift when 16.4
 * becomes 16.6. Pinning a minor ("16.4") would make Terraform try to downgrade.
 * https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/db_instance#engine_version
 */
export class PostgresEngineVersion {
  /** PostgreSQL 15. */
  public static readonly VER_15 = new PostgresEngineVersion('15');
  /** PostgreSQL 16. */
  public static readonly VER_16 = new PostgresEngineVersion('16');
  /** PostgreSQL 17. */
  public static readonly VER_17 = new PostgresEngineVersion('17');

  /** A major version this class does not list yet, e.g. `PostgresEngineVersion.of('18')`. */
  public static of(majorVersion: string): PostgresEngineVersion {
    return new PostgresEngineVersion(majorVersion);
  }

  /** The parameter group family must match the major version: `postgres16` for 16. */
  public readonly parameterGroupFamily: string;

  private constructor(public readonly majorVersion: string) {
    this.parameterGroupFamily = `postgres${majorVersion}`;
  }
}

/**
 * What happens when the major version reaches the end of RDS standard support.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support-creating-db-instance.html
 */
export enum EngineLifecycleSupport {
  /**
   * No RDS Extended Support: AWS upgrades the major version after standard support ends
   * instead of billing Extended Support charges. The construct's default.
   */
  EXTENDED_SUPPORT_DISABLED = 'open-source-rds-extended-support-disabled',
  /** Keep the major version past standard support and pay RDS Extended Support. */
  EXTENDED_SUPPORT = 'open-source-rds-extended-support',
}

/** How clients authenticate to RDS Proxy. */
export enum ProxyClientAuth {
  /** IAM auth tokens (`rds-db:connect`): applications hold no database password. */
  IAM = 'REQUIRED',
  /** The user name and password of the Secrets Manager secret. */
  PASSWORD = 'DISABLED',
}
