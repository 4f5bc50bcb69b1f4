import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';

const run = promisify(execFile);

/** The provider the bindings were generated from (@cdktf/provider-aws 20.1.0). */
export const AWS_PROVIDER_VERSION = '5.100.0';

/**
 * Finds a local filesystem mirror holding hashicorp/aws at {@link AWS_PROVIDER_VERSION}.
 * `TF_PROVIDER_MIRROR` names it explicitly; otherwise Terraform's implied local mirror
 * directories are tried, then a shallow search of /opt and /usr/local for a folder named
 * `registry.terraform.io`.
 */
export function findProviderMirror(): string | undefined {
  const hasAws = (dir: string) => fs.existsSync(path.join(dir, 'registry.terraform.io', 'hashicorp', 'aws', AWS_PROVIDER_VERSION));
  const explicit = process.env.TF_PROVIDER_MIRROR;
  if (explicit) return hasAws(explicit) ? explicit : undefined;
  const implied = [
    path.join(os.homedir(), '.terraform.d', 'plugins'),
    path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'terraform', 'plugins'),
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
  ];
  const found = implied.find(hasAws);
  if (found) return found;
  for (const root of ['/opt', '/usr/local']) {
    for (const candidate of childDirs(root).flatMap((d) => [d, ...childDirs(d)])) {
      if (path.basename(candidate) !== 'registry.terraform.io' && hasAws(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * The providers a synthesized stack requires that the mirror does not hold (their
 * `registry.terraform.io/<namespace>/<type>` folder is absent). The reference app keeps the
 * Kubernetes and Helm resources in `<env>-platform` stacks for exactly this reason: those
 * stacks cannot be planned offline on a machine whose mirror holds only hashicorp/aws.
 */
export function providersMissingFromMirror(mirror: string, stackDir: string): string[] {
  const doc = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as { terraform?: { required_providers?: Record<string, { source?: string }> } };
  return Object.entries(doc.terraform?.required_providers ?? {})
    .map(([name, p]) => (p.source ?? name).replace(/^registry\.terraform\.io\//, ''))
    // A source without a namespace ("aws", as cdktf writes it) is hashicorp's.
    .map((source) => (source.includes('/') ? source : `hashicorp/${source}`))
    .filter((source) => !fs.existsSync(path.join(mirror, 'registry.terraform.io', ...source.split('/'))));
}

function childDirs(dir: string): string[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(dir, e.name));
  } catch {
    return [];
  }
}

export async function terraformVersion(): Promise<string | undefined> {
  try {
    const { stdout } = await run('terraform', ['version', '-json'], { env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    return (JSON.parse(stdout) as { terraform_version: string }).terraform_version;
  } catch {
    return undefined;
  }
}

export interface PlanResult {
  readonly stack: string;
  readonly toAdd: number;
  readonly summary: string;
  readonly seconds: number;
}

/** Mock credentials and no STS or metadata calls: what every aws provider block gets offline. */
const OFFLINE_AWS = {
  access_key: 'mock-access-key',
  secret_key: 'mock-secret-key',
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
};

/**
 * Override merged into the stack's configuration only for the offline check: mock
 * credentials for every aws provider block the stack declares (the default one and each alias,
 * such as the us-east-1 alias CloudFront's resources use: an override block matches its
 * original by alias), and a local backend whatever the stack declares.
 * https://developer.hashicorp.com/terraform/language/files/override
 */
export function offlineOverride(stackDir: string): Record<string, unknown> {
  const doc = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as { provider?: { aws?: { alias?: string }[] } };
  const aliases = (doc.provider?.aws ?? []).map((p) => p.alias);
  return {
    terraform: { backend: { local: { path: 'offline-check.tfstate' } } },
    provider: { aws: (aliases.length > 0 ? aliases : [undefined]).map((alias) => (alias ? { alias, ...OFFLINE_AWS } : { ...OFFLINE_AWS })) },
  };
}

/** A Terraform CLI config that installs providers only from the mirror. */
export function writeCliConfig(mirror: string, dir: string): string {
  const file = path.join(dir, 'terraformrc');
  fs.writeFileSync(
    file,
    `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/hashicorp/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/hashicorp/*"]\n  }\n}\n`,
  );
  return file;
}

/** `terraform init` (from the mirror), `validate` and an offline `plan -refresh=false` in one stack directory. */
export async function planOffline(stack: string, stackDir: string, cliConfig: string): Promise<PlanResult> {
  const started = Date.now();
  fs.writeFileSync(path.join(stackDir, 'zz_offline_check_override.tf.json'), JSON.stringify(offlineOverride(stackDir), null, 2));
  const env = {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: 'mock-access-key',
    AWS_SECRET_ACCESS_KEY: 'mock-secret-key',
  };
  const tf = async (args: string[]) => {
    try {
      return await run('terraform', args, { cwd: stackDir, env, maxBuffer: 64 * 1024 * 1024 });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      throw new Error(`terraform ${args[0]} failed in stack ${stack}:\n${e.stderr || e.stdout || e.message}`);
    }
  };
  await tf(['init', '-input=false', '-no-color', '-backend=true']);
  await tf(['validate', '-no-color']);
  const { stdout } = await tf(['plan', '-refresh=false', '-input=false', '-lock=false', '-no-color']);
  const summary = /^Plan: .*$/m.exec(stdout)?.[0] ?? 'No changes.';
  const toAdd = Number(/Plan: (\d+) to add/.exec(summary)?.[1] ?? 0);
  return { stack, toAdd, summary, seconds: (Date.now() - started) / 1000 };
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function inParallel<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
