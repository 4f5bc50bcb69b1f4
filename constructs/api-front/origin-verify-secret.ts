import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { KmsCiphertext } from '@cdktf/provider-aws/lib/kms-ciphertext';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { PolicyStatement } from '../../lib/iam';
import { Protection, resolveProtection } from '../../lib/protection';
import { checkName, checkProps, checkInteger, isUnresolved } from '../../lib/validation';
import { invalid } from '../../lib/errors';
import { EncryptionKey } from '../encryption-key';

/** The header CloudFront adds to every origin request and nginx requires. */
export const ORIGIN_VERIFY_HEADER = 'X-Origin-Verify';
/** The JSON key of the accepted values in the secret (nginx-user-data reads it). */
const VALUES_KEY = 'values';
/** Two values live at once: the one CloudFront sends and the one it sends after the next rotation. */
const SLOTS = 2;

export interface OriginVerifySecretProps {
  /** Prefix of the secret's and the key's names, e.g. the environment's name. */
  readonly name: string;
  /**
   * The rotation counter. Raising it by one rotates: CloudFront starts sending the value the
   * instances already accept (published one rotation earlier) and a new next value is published.
   * Rotations must be further apart than the instances' refresh interval (5 minutes).
   * @default 1
   */
  readonly generation?: number;
  /** `prevent_destroy` on the key and the secret's recovery window. @default Protection.PRODUCTION */
  readonly protection?: Protection;
}

/**
 * The secret origin header of the API front: CloudFront sends `X-Origin-Verify: <current>`, the
 * nginx instances accept the values in a Secrets Manager secret, so a request that reached the
 * ALBs around the CDN (another CloudFront distribution, which the origin-facing prefix list also
 * admits) is refused with 403.
 *
 * The values are generated at apply, never at synth: each is the ciphertext of a KMS encryption
 * (`aws_kms_ciphertext`: AES-GCM under this construct's key with a fresh random IV, so no one
 * without the ciphertext can produce it), stored in a KMS-encrypted secret. The synthesized JSON
 * holds only references; the values live in the Terraform state (which holds the distribution's
 * configuration anyway) and in Secrets Manager. hashicorp/random would be the usual generator,
 * but the stacks plan offline against hashicorp/aws alone.
 *
 * Rotation without a gap: two slots hold the values of generations g and g+1; CloudFront sends
 * g's, the secret lists both. Raising g replaces only the slot of g (which becomes g+2) and
 * CloudFront switches to g+1, which every instance has accepted since its last refresh.
 */
export class OriginVerifySecret extends Construct {
  public readonly headerName = ORIGIN_VERIFY_HEADER;
  public readonly secret: SecretsmanagerSecret;
  public readonly secretArn: string;
  public readonly key: EncryptionKey;
  /** The value CloudFront sends (a reference, resolved at apply; sensitive). */
  public readonly currentValue: string;
  public readonly generation: number;

  constructor(scope: Construct, id: string, props: OriginVerifySecretProps) {
    super(scope, id);
    checkProps(this, props, "{ name: 'prod', generation: 1 }");
    const protection = resolveProtection(this, props);
    checkName(this, 'name', props.name, { maxLength: 32, pattern: /^[a-z][a-z0-9-]*$/, charset: 'lower-case letters, digits and hyphens, starting with a letter', what: 'name prefix' });
    const generation = props.generation ?? 1;
    checkInteger(this, 'generation', generation, { min: 1 });
    if (isUnresolved(generation)) invalid(this, 'generation', generation, 'is a token: the slot each value lives in is decided at synth', 'pass a number');
    this.generation = generation;

    this.key = new EncryptionKey(this, 'key', { alias: `${props.name}-origin-verify`, description: `Generates and encrypts the CloudFront origin header values of ${props.name}`, protection });
    // Slot s holds the generation of {g, g+1} whose parity is s: a rotation replaces one slot only.
    const slots = Array.from({ length: SLOTS }, (_, s) => {
      const slotGeneration = generation % SLOTS === s ? generation : generation + 1;
      return new KmsCiphertext(this, `value-${s}`, {
        keyId: this.key.keyArn,
        plaintext: `${props.name} CloudFront origin header, generation ${slotGeneration}`,
        context: { purpose: 'cloudfront-origin-verify', environment: props.name },
      });
    });
    this.currentValue = slots[generation % SLOTS].ciphertextBlob;
    const nextValue = slots[(generation + 1) % SLOTS].ciphertextBlob;

    this.secret = new SecretsmanagerSecret(this, 'secret', {
      namePrefix: `${props.name}-origin-verify-`,
      description: `Values of ${ORIGIN_VERIFY_HEADER} the nginx tier of ${props.name} accepts (CloudFront sends the first)`,
      kmsKeyId: this.key.keyArn,
      recoveryWindowInDays: protection.secretRecoveryWindowDays,
    });
    this.secretArn = this.secret.arn;
    new SecretsmanagerSecretVersion(this, 'secret-value', {
      secretId: this.secret.id,
      secretString: Fn.jsonencode({ header: ORIGIN_VERIFY_HEADER, generation, [VALUES_KEY]: [this.currentValue, nextValue] }),
    });
  }

  /** What a reader of the accepted values (the nginx instances' role) needs: the secret, and its key through Secrets Manager. */
  public readStatements(): PolicyStatement[] {
    return [
      new PolicyStatement({ sid: 'ReadOriginVerifySecret', actions: ['secretsmanager:GetSecretValue'], resources: [this.secretArn] }),
      new PolicyStatement({ sid: 'DecryptOriginVerifySecret', actions: ['kms:Decrypt'], resources: [this.key.keyArn], conditions: { StringLike: { 'kms:ViaService': 'secretsmanager.*.amazonaws.com' } } }),
    ];
  }
}
