import { invalid } from '../../lib/errors';
import { isUnresolved } from '../../lib/validation';

/** RDS for PostgreSQL release calendar (major versions, RDS end of standard support). */
export const RDS_POSTGRES_RELEASE_CALENDAR = 'https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html';
/**
 * The oldest PostgreSQL major still in RDS standard support (read 2026-12-02): 14, until
 * 28 February 2027. RDS ends a major's standard support at the end of February of its fifth
 * year: 11 on 29 February 2024 (AWS Database Blog, "PostgreSQL 11 upgrade strategies for Amazon
 * Aurora PostgreSQL and Amazon RDS for PostgreSQL"), 12 on 28 February 2025 (AWS Database Blog,
 * "Upgrade strategies for Amazon Aurora PostgreSQL and Amazon RDS for PostgreSQL 12"), so 13 on
 * 28 February 2026; AWS's notice of the 31 May 2026 minor-version upgrades names 14, 15, 16 and
 * 17 as the majors in standard support (11 only in Extended Support). The release calendar
 * (RDS_POSTGRES_RELEASE_CALENDAR) has the dates; raise this when 14 leaves standard support.
 */
export const RDS_POSTGRES_OLDEST_STANDARD_MAJOR = 14;
/** The newest major RDS for PostgreSQL offers (18.1; RDS for PostgreSQL extension versions page, read 2026-12-02). */
export const RDS_POSTGRES_NEWEST_KNOWN_MAJOR = 18;
/**
 * Upper sanity bound for `PostgresEngineVersion.of`: two majors past the newest known one
 * (PostgreSQL releases one major a year, so a value beyond it is a typo such as '160').
 */
export const POSTGRES_MAJOR_SANITY_MAX = RDS_POSTGRES_NEWEST_KNOWN_MAJOR + 2;

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

  /**
   * A major version this class does not list yet, e.g. `PostgresEngineVersion.of('18')`: a
   * major (digits only, no minor) from {@link RDS_POSTGRES_OLDEST_STANDARD_MAJOR} (the oldest
   * major still in RDS standard support) to {@link POSTGRES_MAJOR_SANITY_MAX}; anything else is
   * a ValidationError naming the range.
   */
  public static of(majorVersion: string): PostgresEngineVersion {
    const where = 'PostgresEngineVersion.of';
    if (typeof majorVersion !== 'string') {
      invalid(where, 'majorVersion', majorVersion, 'is not a string', `pass the major as a string, e.g. PostgresEngineVersion.of('${RDS_POSTGRES_NEWEST_KNOWN_MAJOR}')`);
    }
    if (isUnresolved(majorVersion)) {
      invalid(where, 'majorVersion', majorVersion, 'is an unresolved token: the parameter group family and the replica settings are chosen from it at synth', `pass a literal major, e.g. '${RDS_POSTGRES_NEWEST_KNOWN_MAJOR}'`);
    }
    if (!/^\d+$/.test(majorVersion)) {
      invalid(where, 'majorVersion', majorVersion, 'is not a major version', `pin only the major version (e.g. "${majorVersion.split('.')[0].replace(/\D/g, '') || RDS_POSTGRES_NEWEST_KNOWN_MAJOR}"); AWS applies minor versions with auto_minor_version_upgrade`);
    }
    const major = Number(majorVersion);
    if (major < RDS_POSTGRES_OLDEST_STANDARD_MAJOR) {
      invalid(
        where,
        'majorVersion',
        majorVersion,
        `is past the end of RDS standard support (the oldest major still in standard support is ${RDS_POSTGRES_OLDEST_STANDARD_MAJOR}; older ones start in paid RDS Extended Support or, with it disabled, are upgraded by AWS)`,
        `use ${RDS_POSTGRES_OLDEST_STANDARD_MAJOR} to ${RDS_POSTGRES_NEWEST_KNOWN_MAJOR} (see ${RDS_POSTGRES_RELEASE_CALENDAR})`,
      );
    }
    if (major > POSTGRES_MAJOR_SANITY_MAX) {
      invalid(
        where,
        'majorVersion',
        majorVersion,
        `is above ${POSTGRES_MAJOR_SANITY_MAX}: PostgreSQL ships one major a year and the newest on RDS is ${RDS_POSTGRES_NEWEST_KNOWN_MAJOR}, so this is most likely a typo`,
        `use ${RDS_POSTGRES_OLDEST_STANDARD_MAJOR} to ${RDS_POSTGRES_NEWEST_KNOWN_MAJOR}; for a newer major RDS now offers, check ${RDS_POSTGRES_RELEASE_CALENDAR} and raise RDS_POSTGRES_NEWEST_KNOWN_MAJOR`,
      );
    }
    return new PostgresEngineVersion(String(major));
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
