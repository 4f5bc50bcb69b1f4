/**
 * Offline verification of synthesized stacks: `terraform init` from a local provider mirror
 * and `terraform plan -refresh=false` (which validates the configuration first) with mock
 * AWS credentials and the provider's skip flags, so a CI without AWS credentials or network access proves each
 * stack is valid for the real provider and plans. This repository's own tests plan every
 * stack this way; the `cdktf-million-rps-plan` command runs it over a `cdktf.out` folder.
 *
 * The plan never reaches an AWS account: every `aws` provider block gets mock keys and
 * skips the STS, IAM and metadata calls, and the stack's backend is swapped for a local
 * one in a private copy of the stack, so the synthesized folder is left as it was.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';

const run = promisify(execFile);

/** Environment variable naming the local provider mirror (the folder that contains `registry.terraform.io`). */
export const PROVIDER_MIRROR_ENV = 'TF_PROVIDER_MIRROR';

/** Host of providers whose `source` in `required_providers` names no host. */
const DEFAULT_REGISTRY = 'registry.terraform.io';
/** Providers that talk to a live endpoint at plan time and have no mock mode: a stack using them needs that endpoint. */
const LIVE_ENDPOINT_PROVIDERS: Record<string, string> = {
  [`${DEFAULT_REGISTRY}/hashicorp/kubernetes`]: 'kubernetes',
  [`${DEFAULT_REGISTRY}/hashicorp/helm`]: 'helm',
};
/** Settings of every `aws` provider block in the private copy: mock keys, no STS, IAM or metadata calls. */
const MOCK_AWS_PROVIDER = {
  access_key: 'mock-access-key',
  secret_key: 'mock-secret-key',
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
};
/** Credentials sources the AWS SDK would otherwise consult; removed so the plan cannot pick up a real identity. */
const AWS_CREDENTIAL_ENV = ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'];
/**
 * Where an `aws` provider block may take credentials from, and the account guards, which
 * cannot hold without an account (the mock identity has no account ID): the private copy
 * has none of them, only the mock keys.
 */
const AWS_CREDENTIAL_SETTINGS = ['access_key', 'secret_key', 'token', 'profile', 'shared_config_files', 'shared_credentials_files', 'assume_role', 'assume_role_with_web_identity', 'allowed_account_ids', 'forbidden_account_ids'];
const STACK_FILE = 'cdk.tf.json';

/** A stack or its environment is not fit for an offline plan, or Terraform rejected it; the message says what to do. */
export class OfflinePlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OfflinePlanError';
  }
}

/** A provider a stack requires, as Terraform lays it out in a mirror. */
export interface ProviderRequirement {
  /** Full source address, `registry.terraform.io/hashicorp/aws`. */
  readonly source: string;
  /** The version the stack requires: exact (`5.100.0`, what cdktf's prebuilt providers write) or a constraint. */
  readonly version: string;
}

/** Where {@link findProviderMirror} looks. */
export interface MirrorSearchOptions {
  /**
   * Environment to read `TF_PROVIDER_MIRROR`, `HOME`, `XDG_DATA_HOME` and `APPDATA` from.
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Folders searched two levels deep for a mirror (a folder holding `registry.terraform.io`)
   * after Terraform's implied local mirror directories.
   * @default ['/opt', '/usr/local']
   */
  readonly searchRoots?: readonly string[];
}

/** Options of {@link planOffline}. */
export interface PlanOfflineOptions {
  /**
   * The local provider mirror: the folder that contains `registry.terraform.io/...`, in
   * Terraform's unpacked or packed layout (what `terraform providers mirror` writes).
   * @default - `TF_PROVIDER_MIRROR`, else the first mirror {@link findProviderMirror} finds that holds every provider the stack requires
   */
  readonly providerMirror?: string;
  /**
   * A Terraform CLI configuration file to use instead of one that installs the stack's
   * providers from the mirror (for example one with a network mirror of your own).
   * @default - a configuration installing the stack's providers only from the mirror
   */
  readonly cliConfigFile?: string;
  /**
   * The Terraform executable.
   * @default 'terraform' (found on PATH)
   */
  readonly terraform?: string;
  /**
   * Variable files passed to `terraform plan` (`-var-file`), for stacks that declare
   * Terraform variables. Variables a stack does not declare are only warned about.
   * @default - none
   */
  readonly varFiles?: readonly string[];
  /**
   * Base environment for Terraform and for the mirror search. AWS credential sources in it
   * (`AWS_PROFILE`, `AWS_SESSION_TOKEN`, role and container credentials) are removed.
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
}

/** What {@link planOffline} found. */
export interface OfflinePlanResult {
  /** The stack's name (its folder's name under `cdktf.out/stacks`). */
  readonly stack: string;
  /** `terraform version` of the CLI that planned it. */
  readonly terraformVersion: string;
  /** The provider mirror the providers were installed from; undefined with `cliConfigFile`. */
  readonly providerMirror?: string;
  /** Resources the plan creates. */
  readonly toAdd: number;
  /** Resources the plan changes in place. */
  readonly toChange: number;
  /** Resources the plan destroys (including those it replaces). */
  readonly toDestroy: number;
  /** Terraform's own summary line: `Plan: 383 to add, 0 to change, 0 to destroy.` or `No changes.` */
  readonly summary: string;
  /** Wall time of init and plan. */
  readonly seconds: number;
}

interface StackDocument {
  readonly terraform?: { readonly backend?: object; readonly cloud?: object; readonly required_providers?: Record<string, { source?: string; version?: string } | string> };
  readonly provider?: Record<string, Array<Record<string, unknown>>>;
  readonly data?: Record<string, unknown>;
}

function readStack(stackDir: string): StackDocument {
  const file = path.join(stackDir, STACK_FILE);
  if (!fs.existsSync(file)) {
    throw new OfflinePlanError(`${file} does not exist: ${stackDir} is not a synthesized cdktf stack. Run \`cdktf synth\` (or your app) first and pass a folder under cdktf.out/stacks/.`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as StackDocument;
}

/** `aws`, `hashicorp/aws` or a full address, as Terraform reads `source`: `registry.terraform.io/hashicorp/aws`. */
function fullSource(source: string): string {
  const parts = source.toLowerCase().split('/');
  if (parts.length === 1) return `${DEFAULT_REGISTRY}/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `${DEFAULT_REGISTRY}/${parts.join('/')}`;
  return parts.join('/');
}

/** The providers a synthesized stack requires (`terraform.required_providers` of its `cdk.tf.json`). */
export function requiredProviders(stackDir: string): ProviderRequirement[] {
  return providersOf(readStack(stackDir));
}

function providersOf(document: StackDocument): ProviderRequirement[] {
  return Object.entries(document.terraform?.required_providers ?? {}).map(([name, requirement]) => {
    const spec = typeof requirement === 'string' ? { version: requirement } : requirement;
    return { source: fullSource(spec.source ?? name), version: spec.version ?? '' };
  });
}

/** Terraform's platform name for this process: `linux_amd64`, `darwin_arm64`, ... */
function terraformPlatform(): string {
  const goos: Record<string, string> = { win32: 'windows' };
  const goarch: Record<string, string> = { x64: 'amd64', ia32: '386' };
  return `${goos[process.platform] ?? process.platform}_${goarch[process.arch] ?? process.arch}`;
}

const EXACT_VERSION = /^=?\s*v?(\d+\.\d+\.\d+(?:-[\w.]+)?)$/;

/** Whether `mirror` holds `provider` for this platform, unpacked (`<version>/<platform>/`) or packed (`terraform-provider-<type>_<version>_<platform>.zip`). */
function mirrorHolds(mirror: string, provider: ProviderRequirement): boolean {
  const dir = path.join(mirror, ...provider.source.split('/'));
  const type = provider.source.split('/').pop();
  const platform = terraformPlatform();
  const exact = EXACT_VERSION.exec(provider.version.trim())?.[1];
  if (exact) {
    return fs.existsSync(path.join(dir, exact, platform)) || fs.existsSync(path.join(dir, `terraform-provider-${type}_${exact}_${platform}.zip`));
  }
  // A constraint: Terraform picks the version; any build for this platform may satisfy it.
  const entries = safeReaddir(dir);
  return entries.some((e) => e.endsWith(`_${platform}.zip`) || fs.existsSync(path.join(dir, e, platform)));
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function childDirs(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => path.join(dir, e.name));
  } catch {
    return [];
  }
}

interface MirrorSearch {
  readonly mirror?: string;
  /** Every folder looked at, in order (the explicit one alone when one was named). */
  readonly candidates: readonly string[];
  /** What was looked at, for the error message. */
  readonly searched: string[];
  /** The mirror named by the caller or the environment, the only place then looked at: how to name it in a message, and how to change it. */
  readonly explicit?: { readonly label: string; readonly setting: string; readonly dir: string };
}

function searchMirror(providers: readonly ProviderRequirement[], options: MirrorSearchOptions & { readonly providerMirror?: string }): MirrorSearch {
  const env = options.env ?? process.env;
  const holdsAll = (dir: string) => providers.every((p) => mirrorHolds(dir, p));
  const explicit = options.providerMirror
    ? { label: `the provider mirror ${options.providerMirror} (providerMirror, --mirror)`, setting: 'providerMirror (--mirror)', dir: options.providerMirror }
    : env[PROVIDER_MIRROR_ENV]
      ? { label: `${PROVIDER_MIRROR_ENV}=${env[PROVIDER_MIRROR_ENV]}`, setting: PROVIDER_MIRROR_ENV, dir: env[PROVIDER_MIRROR_ENV] as string }
      : undefined;
  if (explicit) {
    return { mirror: holdsAll(explicit.dir) ? path.resolve(explicit.dir) : undefined, candidates: [explicit.dir], searched: [explicit.dir], explicit };
  }
  const home = env.HOME || env.USERPROFILE || os.homedir();
  // Terraform's implied local mirror directories:
  // https://developer.hashicorp.com/terraform/cli/config/config-file#implied-local-mirror-directories
  const implied = [
    path.join(home, '.terraform.d', 'plugins'),
    ...(env.APPDATA ? [path.join(env.APPDATA, 'HashiCorp', 'Terraform', 'plugins')] : []),
    path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'terraform', 'plugins'),
    ...(env.XDG_DATA_DIRS || '/usr/local/share:/usr/share').split(':').filter(Boolean).map((d) => path.join(d, 'terraform', 'plugins')),
  ];
  const roots = options.searchRoots ?? ['/opt', '/usr/local'];
  const candidates = [...implied, ...roots.flatMap((root) => childDirs(root).flatMap((d) => [d, ...childDirs(d)])).filter((d) => path.basename(d) !== DEFAULT_REGISTRY)];
  return { mirror: candidates.find(holdsAll), candidates, searched: [...implied, ...roots.map((r) => `${r}/*, ${r}/*/*`)] };
}

/**
 * Finds a local filesystem mirror holding every provider in `providers` for this platform.
 * `TF_PROVIDER_MIRROR` names it explicitly (and is then the only place looked at);
 * otherwise Terraform's implied local mirror directories are tried, then the folders up to
 * two levels under each search root. Returns the folder that contains `registry.terraform.io`.
 */
export function findProviderMirror(providers: readonly ProviderRequirement[], options: MirrorSearchOptions = {}): string | undefined {
  return searchMirror(providers, options).mirror;
}

function describeProvider(provider: ProviderRequirement): string {
  return `${provider.source} ${provider.version || '(any version)'}`;
}

function missingMirrorError(stack: string, providers: readonly ProviderRequirement[], search: MirrorSearch): OfflinePlanError {
  const wanted = providers.map(describeProvider).join(', ');
  const layout = providers.map((p) => `${p.source}/${EXACT_VERSION.exec(p.version.trim())?.[1] ?? '<version>'}/${terraformPlatform()}/`).join(', ');
  const make = `On a machine with network access, run \`terraform providers mirror -platform=${terraformPlatform()} <dir>\` in the stack's folder (cdktf.out/stacks/${stack}) and copy <dir> here`;
  if (search.explicit) {
    const missing = providers.filter((p) => !mirrorHolds(search.explicit!.dir, p)).map(describeProvider).join(', ');
    return new OfflinePlanError(
      `Stack ${stack}: ${search.explicit.label} does not hold ${missing} for ${terraformPlatform()}. ` +
        `Fix: point ${search.explicit.setting} at the folder that contains ${layout}. ${make}.`,
    );
  }
  return new OfflinePlanError(
    `Stack ${stack}: no local mirror of ${wanted} for ${terraformPlatform()} was found (looked in ${search.searched.join('; ')}). ` +
      `Fix: set ${PROVIDER_MIRROR_ENV} to the folder that contains ${layout}. ${make}.`,
  );
}

/**
 * The providers a synthesized stack requires that `mirror` (the folder that contains
 * `registry.terraform.io`) does not hold for this platform at the version the stack
 * requires; `[]` when it holds them all.
 */
export function providersMissingFromMirror(mirror: string, stackDir: string): ProviderRequirement[] {
  return providersOf(readStack(stackDir)).filter((p) => !mirrorHolds(mirror, p));
}

/** Where {@link selectOfflinePlannable} looks for the providers. */
export interface OfflinePlanSelectionOptions extends MirrorSearchOptions {
  /**
   * The local provider mirror (the folder that contains `registry.terraform.io`).
   * @default - `TF_PROVIDER_MIRROR`, else the first mirror {@link findProviderMirror} finds that holds every provider of the stack
   */
  readonly providerMirror?: string;
}

/** A stack left out of an offline plan, and why. */
export interface OfflinePlanSkip {
  /** The stack's name. */
  readonly stack: string;
  /** Each reason it cannot be planned here, with what to do about it. */
  readonly reasons: readonly string[];
}

/** Which stacks of an app {@link selectOfflinePlannable} plans and which it leaves out. */
export interface OfflinePlanSelection {
  /** Stacks that need no live endpoint and whose providers a mirror holds, in the order given. */
  readonly plannable: readonly string[];
  /** The others, each with its reasons. */
  readonly skipped: readonly OfflinePlanSkip[];
}

/**
 * Splits an app's synthesized stacks (name to folder) into those an offline plan can check
 * here and those it cannot: stacks that need a live endpoint ({@link offlinePlanObstacles})
 * and stacks requiring a provider that no local mirror holds (the mirror named by
 * `providerMirror` or `TF_PROVIDER_MIRROR`, else the mirror search of
 * {@link findProviderMirror}). A skipped stack is not verified: say so where it is skipped.
 */
export function selectOfflinePlannable(stacks: ReadonlyMap<string, string>, options: OfflinePlanSelectionOptions = {}): OfflinePlanSelection {
  const plannable: string[] = [];
  const skipped: OfflinePlanSkip[] = [];
  for (const [stack, dir] of stacks) {
    const reasons = [...offlinePlanObstacles(dir)];
    const providers = requiredProviders(dir);
    if (reasons.length === 0 && providers.length > 0) {
      const search = searchMirror(providers, options);
      if (!search.mirror) reasons.push(missingProvidersReason(stack, providers, search));
    }
    if (reasons.length === 0) plannable.push(stack);
    else skipped.push({ stack, reasons });
  }
  return { plannable, skipped };
}

/** What no mirror holds: relative to the named mirror, else to the mirror found holding the most of the stack's providers. */
function missingProvidersReason(stack: string, providers: readonly ProviderRequirement[], search: MirrorSearch): string {
  const held = (dir: string) => providers.filter((p) => mirrorHolds(dir, p)).length;
  const closest = search.candidates.reduce<string | undefined>((best, dir) => (held(dir) > (best === undefined ? 0 : held(best)) ? dir : best), undefined);
  const missing = providers.filter((p) => closest === undefined || !mirrorHolds(closest, p)).map(describeProvider).join(', ');
  const platform = terraformPlatform();
  const lacks = search.explicit
    ? `${search.explicit.label} does not hold ${missing} for ${platform}`
    : closest
      ? `the provider mirror ${closest} does not hold ${missing} for ${platform}, and no other local mirror holds them all`
      : `no local provider mirror holds ${missing} for ${platform} (looked in ${search.searched.join('; ')})`;
  return (
    `${lacks}. ` +
    `To plan it, add them: \`terraform providers mirror -platform=${terraformPlatform()} <mirror>\` in cdktf.out/stacks/${stack} on a machine with network access`
  );
}

/**
 * Why a stack cannot be planned without live endpoints, or `[]` when it can: providers that
 * need a reachable cluster at plan time (kubernetes, helm), and state read from other stacks.
 */
export function offlinePlanObstacles(stackDir: string): string[] {
  const document = readStack(stackDir);
  const live = providersOf(document)
    .map((p) => LIVE_ENDPOINT_PROVIDERS[p.source])
    .filter((name): name is string => name !== undefined);
  const obstacles = live.length > 0 ? [`the ${live.join(' and ')} provider${live.length > 1 ? 's need' : ' needs'} a live cluster`] : [];
  if (document.data && 'terraform_remote_state' in document.data) obstacles.push("it reads another stack's state (terraform_remote_state)");
  return obstacles;
}

/** A Terraform CLI configuration that installs `providers` only from `mirror` and everything else as usual. Returns its path. */
export function writeMirrorCliConfig(mirror: string, dir: string, providers: readonly ProviderRequirement[]): string {
  const sources = JSON.stringify([...new Set(providers.map((p) => p.source))]);
  const file = path.join(dir, 'offline-plan.terraformrc');
  fs.writeFileSync(
    file,
    `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(path.resolve(mirror))}\n    include = ${sources}\n  }\n  direct {\n    exclude = ${sources}\n  }\n}\n`,
  );
  return file;
}

/** A stack that requires no provider installs none: a CLI configuration with nothing in it, so the user's own is not read either. */
function emptyCliConfig(dir: string): string {
  const file = path.join(dir, 'offline-plan.terraformrc');
  fs.writeFileSync(file, '');
  return file;
}

/**
 * The stack as the private copy plans it: a local backend instead of the stack's (S3 or HCP
 * Terraform), and every `aws` provider block with the mock keys and skip flags instead of
 * its credential sources (profile, shared files, assumed roles) and account guards. Everything else, the
 * Region, default tags and endpoints included, is as synthesized. (An override file cannot
 * do this: it can unset `profile` but not remove an `assume_role` block.)
 */
function offlineDocument(document: StackDocument): StackDocument {
  const { cloud: _cloud, ...terraform } = document.terraform ?? {};
  const aws = document.provider?.aws?.map((block) => ({
    ...Object.fromEntries(Object.entries(block).filter(([key]) => !AWS_CREDENTIAL_SETTINGS.includes(key))),
    ...MOCK_AWS_PROVIDER,
  }));
  return {
    ...document,
    terraform: { ...terraform, backend: { local: { path: 'offline-plan.tfstate' } } },
    ...(aws ? { provider: { ...document.provider, aws } } : {}),
  };
}

function offlineEnv(base: NodeJS.ProcessEnv, cliConfigFile: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const name of AWS_CREDENTIAL_ENV) delete env[name];
  return {
    ...env,
    TF_CLI_CONFIG_FILE: cliConfigFile,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: MOCK_AWS_PROVIDER.access_key,
    AWS_SECRET_ACCESS_KEY: MOCK_AWS_PROVIDER.secret_key,
  };
}

/**
 * The version of the Terraform CLI, or a clear {@link OfflinePlanError} when it cannot run.
 */
export async function requireTerraform(terraform = 'terraform', env: NodeJS.ProcessEnv = process.env): Promise<string> {
  try {
    const { stdout } = await run(terraform, ['version', '-json'], { env: { ...env, CHECKPOINT_DISABLE: '1' } });
    return (JSON.parse(stdout) as { terraform_version: string }).terraform_version;
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    const where = terraform.includes(path.sep) || terraform.includes('/') ? `at ${terraform}` : 'on PATH';
    const problem = e.code === 'ENOENT' ? `was not found ${where}` : `${where} does not run (${(e.stderr || e.message).trim()})`;
    throw new OfflinePlanError(`The Terraform CLI ${problem}. Fix: install Terraform (1.11 or later: RdsWithReplicas writes the master password through write-only arguments) and put \`terraform\` on PATH, or pass its path (the \`terraform\` option, --terraform).`);
  }
}

/**
 * Plans one synthesized stack offline: copies `stackDir` (a folder under
 * `cdktf.out/stacks/`) to a temporary folder, swaps its backend for a local one and gives
 * every `aws` provider block mock credentials and the skip flags, then runs
 * `terraform init` (providers from the local mirror only) and `terraform plan -refresh=false`.
 * The synthesized folder is not changed.
 *
 * There is no separate `terraform validate`: `terraform plan` runs the same validation walk
 * first (Terraform's local backend validates before it plans) and fails with the same
 * messages (an unsupported argument, an undeclared reference, a provider's value check). A
 * separate command started the provider and walked the configuration a second time, a third
 * of each stack's time.
 *
 * Throws an {@link OfflinePlanError} naming the fix when Terraform or the mirror is missing,
 * when the stack needs a live endpoint (kubernetes or helm providers, another stack's
 * state), or with Terraform's own message when a command fails.
 */
export async function planOffline(stackDir: string, options: PlanOfflineOptions = {}): Promise<OfflinePlanResult> {
  const started = Date.now();
  const stack = path.basename(path.resolve(stackDir));
  const document = readStack(stackDir);
  const obstacles = offlinePlanObstacles(stackDir);
  if (obstacles.length > 0) {
    throw new OfflinePlanError(`Stack ${stack} cannot be planned offline: ${obstacles.join('; ')}. Plan it against its cluster, or plan only the AWS stacks.`);
  }
  const env = options.env ?? process.env;
  const providers = providersOf(document);
  let mirror: string | undefined;
  if (!options.cliConfigFile && providers.length > 0) {
    const search = searchMirror(providers, { env, providerMirror: options.providerMirror });
    if (!search.mirror) throw missingMirrorError(stack, providers, search);
    mirror = search.mirror;
  }
  const terraform = options.terraform ?? 'terraform';
  const version = await requireTerraform(terraform, env);

  const workRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-offline-plan-'));
  try {
    const workDir = path.join(workRoot, stack);
    fs.cpSync(stackDir, workDir, { recursive: true, filter: (src) => !/(^|[\\/])(\.terraform|[^\\/]*\.tfstate(\.backup)?)$/.test(path.relative(stackDir, src)) });
    fs.writeFileSync(path.join(workDir, STACK_FILE), JSON.stringify(offlineDocument(document), null, 2));
    const cliConfigFile = options.cliConfigFile
      ? path.resolve(options.cliConfigFile)
      : mirror
        ? writeMirrorCliConfig(mirror, workRoot, providers)
        : emptyCliConfig(workRoot);
    const tfEnv = offlineEnv(env, cliConfigFile);
    const tf = async (args: string[]) => {
      try {
        return await run(terraform, args, { cwd: workDir, env: tfEnv, maxBuffer: 256 * 1024 * 1024 });
      } catch (error) {
        const e = error as { stdout?: string; stderr?: string; message: string };
        throw new OfflinePlanError(`terraform ${args[0]} failed for stack ${stack}:\n${(e.stderr || e.stdout || e.message).trim()}`);
      }
    };
    await tf(['init', '-input=false', '-no-color']);
    const varFiles = (options.varFiles ?? []).map((f) => `-var-file=${path.resolve(f)}`);
    const { stdout } = await tf(['plan', '-refresh=false', '-input=false', '-lock=false', '-no-color', ...varFiles]);
    const summary = /^Plan: .*$/m.exec(stdout)?.[0] ?? (/^No changes\..*$/m.exec(stdout)?.[0] || 'No changes.');
    const count = (what: string) => Number(new RegExp(`(\\d+) to ${what}`).exec(summary)?.[1] ?? 0);
    return { stack, terraformVersion: version, providerMirror: mirror, toAdd: count('add'), toChange: count('change'), toDestroy: count('destroy'), summary, seconds: (Date.now() - started) / 1000 };
  } finally {
    fs.rmSync(workRoot, { recursive: true, force: true });
  }
}

/** Runs `fn` over `items` with at most `limit` in flight; results in the order of `items`. */
export async function inParallel<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
