import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import { EnvironmentConfig } from '../../lib/config/environment';

/**
 * Local state by default (what `npm run synth` and the tests use); S3 with native
 * locking (`use_lockfile`, Terraform >= 1.10, no DynamoDB table) and encryption when the
 * environment names a bucket.
 */
export function configureBackend(stack: TerraformStack, stackName: string, config: EnvironmentConfig): void {
  if (!config.backend) {
    // Written as seen from any stack directory (cdktf.out/stacks/<stack>): cdktf copies
    // this path into the `terraform_remote_state` other stacks use to read this one's
    // outputs, and those run in their own directory.
    new LocalBackend(stack, { path: `../${stackName}/terraform.${stackName}.tfstate` });
    return;
  }
  new S3Backend(stack, {
    bucket: config.backend.bucket,
    region: config.backend.region,
    key: `${config.backend.keyPrefix ?? config.project}/${stackName}.tfstate`,
    encrypt: true,
    ...(config.backend.kmsKeyId ? { kmsKeyId: config.backend.kmsKeyId } : {}),
  });
  // cdktf 0.21's S3BackendConfig predates `use_lockfile` (S3-native locking, Terraform 1.10+).
  stack.addOverride('terraform.backend.s3.use_lockfile', true);
}
