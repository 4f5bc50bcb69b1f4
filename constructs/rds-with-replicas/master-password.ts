import { conditional, Op, TerraformVariable, Token } from 'cdktf';
import { Construct } from 'constructs';

/**
 * Where the master user's password comes from. No variant ever writes the password into
 * the synthesized JSON or the Terraform state.
 *
 * AWS does not support RDS-managed master passwords (`manage_master_user_password`) on a
 * source instance that read replicas are created from: "Managing the master user password
 * with Secrets Manager isn't supported for ... Creating a read replica when the source DB
 * or DB cluster manages credentials with Secrets Manager. This applies to all DB engines
 * except RDS for SQL Server." (Password management with Amazon RDS and AWS Secrets
 * Manager, Limitations: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html#rds-secrets-manager-limitations).
 * The API answers `InvalidParameterValue: Creating read replicas for source instance ...
 * where ManageMasterUserPassword is enabled is not supported`
 * (terraform-aws-modules/terraform-aws-rds#532). So:
 *
 * - {@link MasterPassword.managedByRds}: RDS generates, stores and rotates the password in
 *   Secrets Manager. Only for an instance without read replicas.
 * - {@link MasterPassword.writeOnly}: the password reaches RDS through Terraform's
 *   write-only argument `password_wo` (Terraform >= 1.11), which is never stored in plan or
 *   state, and the construct writes it with `secret_string_wo` into a KMS-encrypted Secrets
 *   Manager secret that RDS Proxy and operators read. Works with replicas.
 */
export abstract class MasterPassword {
  /** RDS manages the password in Secrets Manager (no read replicas allowed). */
  public static managedByRds(): MasterPassword {
    return new ManagedByRds();
  }

  /**
   * The password is the value of a Terraform expression that must be a reference (for
   * example an ephemeral variable), never a literal. `version` is sent with it as
   * `password_wo_version`: bump it to rotate, because Terraform cannot see write-only values
   * change.
   */
  public static writeOnly(value: string, version = 1): MasterPassword {
    return new WriteOnly(value, version);
  }

  /**
   * An ephemeral, sensitive Terraform variable named `name` in the stack (wherever `scope`
   * sits) for {@link writeOnly}: `TF_VAR_<name>` is read
   * on the apply that creates the database (or bumps `version`) and never persisted.
   * On other runs it may be left unset: the provider sends a write-only value only when its
   * version changes, and an empty stand-in keeps plans (including offline ones) working.
   * A missing value on the creating apply fails loudly (RDS rejects an empty password) and
   * the secret is only written after the instance exists, so it never holds a wrong value.
   */
  public static fromEphemeralVariable(scope: Construct, name: string, version = 1): MasterPassword {
    const variable = new TerraformVariable(scope, name, {
      type: 'string',
      sensitive: true,
      nullable: true,
      description: `Master password of the database, needed only on the apply that creates it or bumps its version (${version}). Generate it with "aws secretsmanager get-random-password --exclude-punctuation --password-length 40". Never stored in plan or state.`,
    });
    // The variable is named exactly `name` wherever the construct sits, so TF_VAR_<name> is what the docs say.
    variable.overrideLogicalId(name);
    // cdktf 0.21 has no typed `ephemeral` flag yet; Terraform >= 1.10 reads it from JSON.
    variable.addOverride('ephemeral', true);
    variable.addOverride('default', null);
    return new WriteOnly(Token.asString(conditional(Op.eq(variable.value, Token.nullValue()), '', variable.value)), version);
  }

  public abstract readonly kind: 'managed-by-rds' | 'write-only';
}

class ManagedByRds extends MasterPassword {
  public readonly kind = 'managed-by-rds' as const;
}

/** @internal */
export class WriteOnly extends MasterPassword {
  public readonly kind = 'write-only' as const;
  constructor(
    public readonly value: string,
    public readonly version: number,
  ) {
    super();
  }
}
