import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findProviderMirror, OfflinePlanError, planOffline, ProviderRequirement, PROVIDER_MIRROR_ENV, providersMissingFromMirror, requiredProviders, selectOfflinePlannable } from '../../lib/offline-plan';
import { CliOutput, runPlanCli } from '../../lib/offline-plan-cli';

/**
 * The offline-plan helper the package ships, without the real tools: mirrors are folders
 * laid out as Terraform lays them out, and Terraform is a shell script that records what it
 * was given. test/real-tools/terraform.test.ts and package.test.ts run it with the real CLI.
 */
const PLATFORM = `${process.platform === 'win32' ? 'windows' : process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
const OTHER_PLATFORM = PLATFORM === 'darwin_arm64' ? 'linux_amd64' : 'darwin_arm64';
const AWS: ProviderRequirement = { source: 'registry.terraform.io/hashicorp/aws', version: '5.100.0' };
const RANDOM: ProviderRequirement = { source: 'registry.terraform.io/hashicorp/random', version: '3.7.2' };

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'offline-plan-test-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function dir(...parts: string[]): string {
  const full = path.join(tmp, ...parts);
  fs.mkdirSync(full, { recursive: true });
  return full;
}

/** A mirror in Terraform's unpacked layout (`<source>/<version>/<platform>/`), or packed (`<source>/terraform-provider-<type>_<version>_<platform>.zip`). */
function mirror(root: string, providers: readonly ProviderRequirement[], layout: 'unpacked' | 'packed' = 'unpacked', platform = PLATFORM): string {
  for (const p of providers) {
    const type = p.source.split('/').pop();
    if (layout === 'unpacked') fs.mkdirSync(path.join(root, ...p.source.split('/'), p.version, platform), { recursive: true });
    else {
      fs.mkdirSync(path.join(root, ...p.source.split('/')), { recursive: true });
      fs.writeFileSync(path.join(root, ...p.source.split('/'), `terraform-provider-${type}_${p.version}_${platform}.zip`), '');
    }
  }
  return root;
}

/** An environment with nothing to find: home and XDG folders inside the test's temporary folder. */
function isolatedEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: dir('home'), XDG_DATA_HOME: dir('xdg-data'), XDG_DATA_DIRS: dir('xdg-dirs'), ...extra };
}

/** A synthesized stack folder as cdktf writes it. */
function stack(name: string, document: object): string {
  const stackDir = dir('cdktf.out', 'stacks', name);
  fs.writeFileSync(path.join(stackDir, 'cdk.tf.json'), JSON.stringify(document));
  return stackDir;
}

const AWS_STACK = {
  terraform: { backend: { s3: { bucket: 'state', key: 'prod.tfstate', region: 'us-east-1' } }, required_providers: { aws: { source: 'aws', version: '5.100.0' } } },
  provider: {
    aws: [
      { region: 'us-east-1', default_tags: [{ tags: { Environment: 'prod' } }], assume_role: [{ role_arn: 'arn:aws:iam::123456789012:role/deployer' }], allowed_account_ids: ['123456789012'] },
      { alias: 'use2', region: 'us-east-2', profile: 'prod', shared_config_files: ['/home/ci/.aws/config'] },
    ],
  },
  resource: { aws_sns_topic: { alarms: { name: 'alarms' } } },
};
const PLATFORM_STACK = {
  terraform: { required_providers: { kubernetes: { source: 'kubernetes', version: '2.38.0' }, helm: { source: 'helm', version: '3.1.1' } } },
  data: { terraform_remote_state: { prod: { backend: 'local', config: { path: '../prod/terraform.prod.tfstate' } } } },
};

/**
 * A stand-in for the Terraform CLI: answers `version -json`, copies what `init` sees (the
 * configuration, the CLI config, the environment, the working folder) into FAKE_TF_LOG, prints a
 * plan summary, and fails the command named in FAKE_TF_FAIL.
 */
function fakeTerraform(): string {
  const file = path.join(dir('bin'), 'terraform');
  fs.writeFileSync(
    file,
    `#!/bin/sh
if [ "$1" = "$FAKE_TF_FAIL" ]; then echo "Error: fake $1 failure" >&2; exit 1; fi
case "$1" in
  version) echo '{"terraform_version":"1.11.4"}' ;;
  init) cp cdk.tf.json "$FAKE_TF_LOG/cdk.tf.json"; cp "$TF_CLI_CONFIG_FILE" "$FAKE_TF_LOG/terraformrc"; env > "$FAKE_TF_LOG/env"; pwd > "$FAKE_TF_LOG/pwd"; ls -a > "$FAKE_TF_LOG/files"; touch .terraform.lock.hcl ;;
  plan) echo "$@" > "$FAKE_TF_LOG/plan-args"; echo "Plan: 3 to add, 1 to change, 2 to destroy." ;;
esac
`,
  );
  fs.chmodSync(file, 0o755);
  return file;
}

function collector(): CliOutput & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, log: (line) => out.push(line), error: (line) => err.push(line) };
}

describe('requiredProviders', () => {
  test('GIVEN short, namespaced and full sources THEN each becomes a full registry address with its version', () => {
    const stackDir = stack('mixed', {
      terraform: {
        required_providers: {
          aws: { source: 'aws', version: '5.100.0' },
          random: { source: 'hashicorp/random', version: '3.7.2' },
          tls: { source: 'registry.terraform.io/hashicorp/tls', version: '4.1.0' },
          null: { version: '3.2.4' },
        },
      },
    });
    expect(requiredProviders(stackDir)).toEqual([
      AWS,
      RANDOM,
      { source: 'registry.terraform.io/hashicorp/tls', version: '4.1.0' },
      { source: 'registry.terraform.io/hashicorp/null', version: '3.2.4' },
    ]);
  });

  test('GIVEN a folder that is not a synthesized stack THEN the error names the missing file and says to synthesize first', () => {
    const empty = dir('not-a-stack');
    expect(() => requiredProviders(empty)).toThrow(OfflinePlanError);
    expect(() => requiredProviders(empty)).toThrow(`${path.join(empty, 'cdk.tf.json')} does not exist`);
    expect(() => requiredProviders(empty)).toThrow('cdktf synth');
  });
});

describe('findProviderMirror', () => {
  test('GIVEN TF_PROVIDER_MIRROR names a mirror in the unpacked or the packed layout THEN it is the mirror', () => {
    const unpacked = mirror(dir('unpacked'), [AWS]);
    const packed = mirror(dir('packed'), [AWS], 'packed');
    expect(findProviderMirror([AWS], { env: isolatedEnv({ [PROVIDER_MIRROR_ENV]: unpacked }), searchRoots: [] })).toBe(unpacked);
    expect(findProviderMirror([AWS], { env: isolatedEnv({ [PROVIDER_MIRROR_ENV]: packed }), searchRoots: [] })).toBe(packed);
  });

  test('GIVEN TF_PROVIDER_MIRROR names a folder without the provider THEN nothing is found, even where discovery would find one', () => {
    const root = dir('opt');
    mirror(dir('opt', 'tf-plugins'), [AWS]);
    const env = isolatedEnv({ [PROVIDER_MIRROR_ENV]: dir('empty') });
    expect(findProviderMirror([AWS], { env, searchRoots: [root] })).toBeUndefined();
    expect(findProviderMirror([AWS], { env: isolatedEnv(), searchRoots: [root] })).toBe(path.join(root, 'tf-plugins'));
  });

  test('GIVEN the mirror holds another version or only another platform THEN it is not a mirror of the provider', () => {
    const other = { ...AWS, version: '6.25.0' };
    expect(findProviderMirror([other], { env: isolatedEnv({ [PROVIDER_MIRROR_ENV]: mirror(dir('m1'), [AWS]) }), searchRoots: [] })).toBeUndefined();
    expect(findProviderMirror([AWS], { env: isolatedEnv({ [PROVIDER_MIRROR_ENV]: mirror(dir('m2'), [AWS], 'unpacked', OTHER_PLATFORM) }), searchRoots: [] })).toBeUndefined();
    expect(findProviderMirror([AWS], { env: isolatedEnv({ [PROVIDER_MIRROR_ENV]: mirror(dir('m3'), [AWS], 'packed', OTHER_PLATFORM) }), searchRoots: [] })).toBeUndefined();
  });

  test("GIVEN no TF_PROVIDER_MIRROR THEN Terraform's implied local mirror directories are found first", () => {
    const env = isolatedEnv();
    const home = mirror(path.join(env.HOME as string, '.terraform.d', 'plugins'), [AWS]);
    mirror(dir('opt', 'tf-plugins'), [AWS]);
    expect(findProviderMirror([AWS], { env, searchRoots: [path.join(tmp, 'opt')] })).toBe(home);
    const xdgEnv = isolatedEnv({ HOME: dir('home2') });
    const xdg = mirror(path.join(xdgEnv.XDG_DATA_HOME as string, 'terraform', 'plugins'), [AWS]);
    expect(findProviderMirror([AWS], { env: xdgEnv, searchRoots: [] })).toBe(xdg);
  });

  test('GIVEN mirrors one and two levels under a search root THEN the one holding every required provider is found, and none deeper', () => {
    const root = dir('opt');
    mirror(dir('opt', 'aws-only'), [AWS]);
    const both = mirror(dir('opt', 'tools', 'terraform-mirror'), [AWS, RANDOM]);
    mirror(dir('opt', 'a', 'b', 'too-deep'), [AWS, RANDOM, { ...RANDOM, source: 'registry.terraform.io/hashicorp/tls' }]);
    expect(findProviderMirror([AWS], { env: isolatedEnv(), searchRoots: [root] })).toBe(path.join(root, 'aws-only'));
    expect(findProviderMirror([AWS, RANDOM], { env: isolatedEnv(), searchRoots: [root] })).toBe(both);
    expect(findProviderMirror([{ ...RANDOM, source: 'registry.terraform.io/hashicorp/tls' }], { env: isolatedEnv(), searchRoots: [root] })).toBeUndefined();
  });

  test('GIVEN a version constraint rather than an exact version THEN any build of the provider for this platform counts', () => {
    const m = mirror(dir('m'), [AWS]);
    expect(findProviderMirror([{ ...AWS, version: '~> 5.0' }], { env: isolatedEnv({ [PROVIDER_MIRROR_ENV]: m }), searchRoots: [] })).toBe(m);
    expect(findProviderMirror([{ ...RANDOM, version: '>= 3.0' }], { env: isolatedEnv({ [PROVIDER_MIRROR_ENV]: m }), searchRoots: [] })).toBeUndefined();
  });
});

describe('selectOfflinePlannable', () => {
  const EXTRAS = { terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' }, random: { source: 'hashicorp/random', version: '3.7.2' } } } };

  test('GIVEN a mirror holding only hashicorp/aws THEN the AWS stack is plannable; the stack also needing random and the platform stack are skipped with their reasons', () => {
    const m = mirror(dir('m'), [AWS]);
    const stacks = new Map([
      ['prod', stack('prod', AWS_STACK)],
      ['prod-extras', stack('prod-extras', EXTRAS)],
      ['prod-platform', stack('prod-platform', PLATFORM_STACK)],
    ]);
    const selection = selectOfflinePlannable(stacks, { env: isolatedEnv({ [PROVIDER_MIRROR_ENV]: m }), searchRoots: [] });
    expect(selection.plannable).toEqual(['prod']);
    expect(selection.skipped.map((s) => s.stack)).toEqual(['prod-extras', 'prod-platform']);
    expect(selection.skipped[0].reasons).toEqual([expect.stringContaining(`TF_PROVIDER_MIRROR=${m} does not hold registry.terraform.io/hashicorp/random 3.7.2 for ${PLATFORM}`)]);
    expect(selection.skipped[1].reasons).toEqual([expect.stringContaining('need a live cluster'), expect.stringContaining('terraform_remote_state')]);
  });

  test('GIVEN no mirror named THEN the search decides: a mirror holding all of a stack\'s providers makes it plannable; otherwise the closest mirror and what it lacks are named', () => {
    const root = dir('opt');
    const awsOnly = mirror(dir('opt', 'aws-only'), [AWS]);
    const stacks = new Map([
      ['prod', stack('prod', AWS_STACK)],
      ['prod-extras', stack('prod-extras', EXTRAS)],
    ]);
    const partial = selectOfflinePlannable(stacks, { env: isolatedEnv(), searchRoots: [root] });
    expect(partial.plannable).toEqual(['prod']);
    expect(partial.skipped[0].reasons[0]).toMatch(new RegExp(`^the provider mirror ${awsOnly} does not hold registry\\.terraform\\.io/hashicorp/random 3\\.7\\.2 for ${PLATFORM}, and no other local mirror holds them all\\.`));
    mirror(dir('opt', 'both'), [AWS, RANDOM]);
    expect(selectOfflinePlannable(stacks, { env: isolatedEnv(), searchRoots: [root] })).toEqual({ plannable: ['prod', 'prod-extras'], skipped: [] });
    const none = selectOfflinePlannable(stacks, { env: isolatedEnv(), searchRoots: [dir('nothing')] });
    expect(none.plannable).toEqual([]);
    expect(none.skipped[1].reasons[0]).toMatch(/^no local provider mirror holds registry\.terraform\.io\/hashicorp\/aws 5\.100\.0, registry\.terraform\.io\/hashicorp\/random 3\.7\.2 for .* \(looked in .*\.terraform\.d\/plugins/);
  });

  test('GIVEN a stack without providers THEN it needs no mirror; providersMissingFromMirror lists exactly the providers a mirror lacks', () => {
    const bare = stack('bare', { resource: { terraform_data: { a: {} } } });
    expect(selectOfflinePlannable(new Map([['bare', bare]]), { env: isolatedEnv(), searchRoots: [] })).toEqual({ plannable: ['bare'], skipped: [] });
    const m = mirror(dir('m'), [AWS]);
    expect(providersMissingFromMirror(m, stack('extras', EXTRAS))).toEqual([RANDOM]);
    expect(providersMissingFromMirror(m, stack('prod', AWS_STACK))).toEqual([]);
    expect(providersMissingFromMirror(dir('empty'), stack('prod', AWS_STACK))).toEqual([AWS]);
  });
});

describe('planOffline', () => {
  test('GIVEN a stack needing the kubernetes and helm providers or another stack\'s state THEN it is refused with the reason, before any tool runs', async () => {
    const stackDir = stack('prod-platform', PLATFORM_STACK);
    const error = await planOffline(stackDir, { terraform: path.join(tmp, 'no-terraform'), env: isolatedEnv() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OfflinePlanError);
    expect((error as Error).message).toMatch(/^Stack prod-platform cannot be planned offline: the kubernetes and helm providers need a live cluster; it reads another stack's state/);
  });

  test('GIVEN TF_PROVIDER_MIRROR without the provider THEN the error names the variable, the provider, the layout wanted and how to make a mirror', async () => {
    const stackDir = stack('prod', AWS_STACK);
    const empty = dir('empty-mirror');
    const error = await planOffline(stackDir, { terraform: fakeTerraform(), env: isolatedEnv({ [PROVIDER_MIRROR_ENV]: empty }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OfflinePlanError);
    const message = (error as Error).message;
    expect(message).toContain(`Stack prod: TF_PROVIDER_MIRROR=${empty} does not hold registry.terraform.io/hashicorp/aws 5.100.0 for ${PLATFORM}.`);
    expect(message).toContain(`Fix: point TF_PROVIDER_MIRROR at the folder that contains registry.terraform.io/hashicorp/aws/5.100.0/${PLATFORM}/`);
    expect(message).toContain(`run \`terraform providers mirror -platform=${PLATFORM} <dir>\` in the stack's folder (cdktf.out/stacks/prod)`);
  });

  test('GIVEN a stack that requires no provider THEN it plans without a mirror, and no CLI configuration of the user is read', async () => {
    const stackDir = stack('outputs-only', { terraform: { backend: { local: { path: 'x.tfstate' } } }, output: { answer: { value: 42 } } });
    const log = dir('log');
    const result = await planOffline(stackDir, { terraform: fakeTerraform(), env: isolatedEnv({ [PROVIDER_MIRROR_ENV]: dir('empty'), FAKE_TF_LOG: log }) });
    expect(result.providerMirror).toBeUndefined();
    expect(fs.readFileSync(path.join(log, 'terraformrc'), 'utf8')).toBe('');
  });

  test('GIVEN no mirror anywhere THEN the error lists where it looked and says to set TF_PROVIDER_MIRROR', async () => {
    const stackDir = stack('prod', { ...AWS_STACK, terraform: { ...AWS_STACK.terraform, required_providers: { aws: { source: 'aws', version: '99.0.0' } } } });
    const env = isolatedEnv();
    const error = await planOffline(stackDir, { terraform: fakeTerraform(), env }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OfflinePlanError);
    const message = (error as Error).message;
    expect(message).toContain(`Stack prod: no local mirror of registry.terraform.io/hashicorp/aws 99.0.0 for ${PLATFORM} was found (looked in ${path.join(env.HOME as string, '.terraform.d', 'plugins')};`);
    expect(message).toContain(`Fix: set TF_PROVIDER_MIRROR to the folder that contains registry.terraform.io/hashicorp/aws/99.0.0/${PLATFORM}/`);
  });

  test('GIVEN Terraform is missing or broken THEN the error says so and how to provide it', async () => {
    const stackDir = stack('prod', AWS_STACK);
    const env = isolatedEnv({ [PROVIDER_MIRROR_ENV]: mirror(dir('m'), [AWS]) });
    const notFound = (await planOffline(stackDir, { terraform: path.join(tmp, 'no', 'terraform'), env }).catch((e: unknown) => e)) as Error;
    expect(notFound).toBeInstanceOf(OfflinePlanError);
    expect(notFound.message).toBe(
      `The Terraform CLI was not found at ${path.join(tmp, 'no', 'terraform')}. Fix: install Terraform (1.11 or later: RdsWithReplicas writes the master password through write-only arguments) and put \`terraform\` on PATH, or pass its path (the \`terraform\` option, --terraform).`,
    );
    const notOnPath = (await planOffline(stackDir, { env: { ...env, PATH: dir('empty-path') } }).catch((e: unknown) => e)) as Error;
    expect(notOnPath.message).toMatch(/^The Terraform CLI was not found on PATH\. Fix: install Terraform/);
    const broken = (await planOffline(stackDir, { terraform: fakeTerraform(), env: { ...env, FAKE_TF_FAIL: 'version' } }).catch((e: unknown) => e)) as Error;
    expect(broken.message).toMatch(/^The Terraform CLI at .*terraform does not run \(Error: fake version failure\)\. Fix:/);
  });

  test('GIVEN a command fails THEN the error names the command, the stack and carries Terraform\'s message', async () => {
    const stackDir = stack('prod', AWS_STACK);
    const log = dir('log');
    const env = isolatedEnv({ [PROVIDER_MIRROR_ENV]: mirror(dir('m'), [AWS]), FAKE_TF_LOG: log });
    for (const command of ['init', 'plan']) {
      const error = (await planOffline(stackDir, { terraform: fakeTerraform(), env: { ...env, FAKE_TF_FAIL: command } }).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(OfflinePlanError);
      expect(error.message).toBe(`terraform ${command} failed for stack prod:\nError: fake ${command} failure`);
    }
  });

  test('GIVEN a stack and a mirror THEN a private copy is planned with only mock credentials in every aws block, a local backend and providers only from the mirror', async () => {
    const stackDir = stack('prod', AWS_STACK);
    const log = dir('log');
    const m = mirror(dir('m'), [AWS]);
    const varFile = path.join(tmp, 'vars.tfvars.json');
    fs.writeFileSync(varFile, '{}');
    const env = isolatedEnv({ [PROVIDER_MIRROR_ENV]: m, FAKE_TF_LOG: log, AWS_PROFILE: 'prod-admin', AWS_SESSION_TOKEN: 'real-session' });

    const result = await planOffline(stackDir, { terraform: fakeTerraform(), env, varFiles: [varFile] });

    expect(result).toMatchObject({ stack: 'prod', terraformVersion: '1.11.4', providerMirror: m, toAdd: 3, toChange: 1, toDestroy: 2, summary: 'Plan: 3 to add, 1 to change, 2 to destroy.' });
    const mock = { access_key: 'mock-access-key', secret_key: 'mock-secret-key', skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true };
    // The role, profile, shared files and account guard are gone; Region and tags stay.
    expect(JSON.parse(fs.readFileSync(path.join(log, 'cdk.tf.json'), 'utf8'))).toEqual({
      terraform: { backend: { local: { path: 'offline-plan.tfstate' } }, required_providers: AWS_STACK.terraform.required_providers },
      provider: { aws: [{ region: 'us-east-1', default_tags: [{ tags: { Environment: 'prod' } }], ...mock }, { alias: 'use2', region: 'us-east-2', ...mock }] },
      resource: AWS_STACK.resource,
    });
    expect(JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'))).toEqual(AWS_STACK);
    const rc = fs.readFileSync(path.join(log, 'terraformrc'), 'utf8');
    expect(rc).toContain(`filesystem_mirror {\n    path    = ${JSON.stringify(m)}\n    include = ["registry.terraform.io/hashicorp/aws"]`);
    expect(rc).toContain('direct {\n    exclude = ["registry.terraform.io/hashicorp/aws"]');
    const tfEnv = fs.readFileSync(path.join(log, 'env'), 'utf8').split('\n');
    expect(tfEnv).toEqual(expect.arrayContaining(['AWS_ACCESS_KEY_ID=mock-access-key', 'AWS_EC2_METADATA_DISABLED=true', 'TF_IN_AUTOMATION=1']));
    expect(tfEnv.filter((line) => /^AWS_(PROFILE|SESSION_TOKEN)=/.test(line))).toEqual([]);
    expect(fs.readFileSync(path.join(log, 'plan-args'), 'utf8').trim()).toBe(`plan -refresh=false -input=false -lock=false -no-color -var-file=${varFile}`);
    // The copy is gone and the synthesized folder is as it was.
    expect(fs.existsSync(fs.readFileSync(path.join(log, 'pwd'), 'utf8').trim())).toBe(false);
    expect(fs.readdirSync(stackDir)).toEqual(['cdk.tf.json']);
  });

  test('GIVEN a stack on HCP Terraform (a cloud block) THEN the copy plans with a local backend instead', async () => {
    const stackDir = stack('prod', { ...AWS_STACK, terraform: { cloud: { organization: 'acme', workspaces: { name: 'prod' } }, required_providers: AWS_STACK.terraform.required_providers } });
    const log = dir('log');
    await planOffline(stackDir, { terraform: fakeTerraform(), env: isolatedEnv({ [PROVIDER_MIRROR_ENV]: mirror(dir('m'), [AWS]), FAKE_TF_LOG: log }) });
    expect(JSON.parse(fs.readFileSync(path.join(log, 'cdk.tf.json'), 'utf8')).terraform).toEqual({
      backend: { local: { path: 'offline-plan.tfstate' } },
      required_providers: AWS_STACK.terraform.required_providers,
    });
  });

  test('GIVEN a stack folder holding an earlier .terraform and state THEN the copy leaves them out', async () => {
    const stackDir = stack('prod', AWS_STACK);
    fs.mkdirSync(path.join(stackDir, '.terraform', 'providers'), { recursive: true });
    fs.writeFileSync(path.join(stackDir, 'terraform.prod.tfstate'), '{}');
    const log = dir('log');
    await planOffline(stackDir, { terraform: fakeTerraform(), env: isolatedEnv({ [PROVIDER_MIRROR_ENV]: mirror(dir('m'), [AWS]), FAKE_TF_LOG: log }) });
    expect(fs.readFileSync(path.join(log, 'files'), 'utf8').split('\n').filter(Boolean).sort()).toEqual(['.', '..', 'cdk.tf.json']);
  });
});

describe('cdktf-million-rps-plan', () => {
  function app(): string {
    stack('prod', AWS_STACK);
    stack('prod-platform', PLATFORM_STACK);
    return tmp;
  }

  test('GIVEN no stack names THEN it plans every AWS stack, lists the others as skipped with the reason, and exits 0', async () => {
    const io = collector();
    const env = isolatedEnv({ [PROVIDER_MIRROR_ENV]: mirror(dir('m'), [AWS]), FAKE_TF_LOG: dir('log') });
    const status = await runPlanCli(['--terraform', fakeTerraform()], io, app(), env);
    expect({ status, err: io.err }).toEqual({
      status: 0,
      err: ["SKIPPED prod-platform (not verified): the kubernetes and helm providers need a live cluster; it reads another stack's state (terraform_remote_state)"],
    });
    expect(io.out).toContainEqual(expect.stringMatching(/^planned prod: Plan: 3 to add, 1 to change, 2 to destroy\. \([\d.]+ s, providers from /));
    expect(io.out[io.out.length - 1]).toBe('1 of 2 stacks planned offline; SKIPPED, not verified: prod-platform.');
  });

  test('GIVEN a stack requiring a provider the mirror lacks THEN it is SKIPPED naming the mirror, the provider and how to add it, and the others plan', async () => {
    stack('prod-extras', { terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' }, random: { source: 'hashicorp/random', version: '3.7.2' } } }, resource: { random_id: { a: {} } } });
    const io = collector();
    const m = mirror(dir('m'), [AWS]);
    const env = isolatedEnv({ [PROVIDER_MIRROR_ENV]: m, FAKE_TF_LOG: dir('log') });
    expect(await runPlanCli(['--terraform', fakeTerraform()], io, app(), env)).toBe(0);
    expect(io.err).toContainEqual(
      `SKIPPED prod-extras (not verified): TF_PROVIDER_MIRROR=${m} does not hold registry.terraform.io/hashicorp/random 3.7.2 for ${PLATFORM}. ` +
        `To plan it, add them: \`terraform providers mirror -platform=${PLATFORM} <mirror>\` in cdktf.out/stacks/prod-extras on a machine with network access`,
    );
    expect(io.out).toContainEqual(expect.stringMatching(/^planned prod: /));
    expect(io.out.filter((line) => line.startsWith('planned prod-extras'))).toEqual([]);
    expect(io.out[io.out.length - 1]).toBe('1 of 3 stacks planned offline; SKIPPED, not verified: prod-extras, prod-platform.');
  });

  test('GIVEN a plan fails THEN the stack is reported FAILED with the reason and it exits 1', async () => {
    const io = collector();
    const env = isolatedEnv({ [PROVIDER_MIRROR_ENV]: mirror(dir('m'), [AWS]), FAKE_TF_LOG: dir('log'), FAKE_TF_FAIL: 'plan' });
    expect(await runPlanCli([`--terraform=${fakeTerraform()}`, 'prod'], io, app(), env)).toBe(1);
    expect(io.err).toEqual(['FAILED prod: terraform plan failed for stack prod:\nError: fake plan failure']);
    expect(io.out[io.out.length - 1]).toBe('0 of 1 stacks planned offline, 1 failed.');
  });

  test('GIVEN the mirror is missing and the stack is named THEN the stack fails with the --mirror fix and it exits 1', async () => {
    const io = collector();
    const status = await runPlanCli(['--terraform', fakeTerraform(), '--mirror', dir('empty'), 'prod'], io, app(), isolatedEnv());
    expect(status).toBe(1);
    expect(io.err[0]).toMatch(/^FAILED prod: Stack prod: the provider mirror .*empty \(providerMirror, --mirror\) does not hold .* Fix: point providerMirror \(--mirror\) at the folder that contains registry\.terraform\.io\/hashicorp\/aws\/5\.100\.0\//);
  });

  test('GIVEN the mirror is missing and no stack is named THEN every stack is SKIPPED with its reason and it exits 2', async () => {
    const io = collector();
    const status = await runPlanCli(['--terraform', fakeTerraform(), '--mirror', dir('empty')], io, app(), isolatedEnv());
    expect(status).toBe(2);
    expect(io.err[0]).toMatch(/^SKIPPED prod \(not verified\): the provider mirror .*empty \(providerMirror, --mirror\) does not hold registry\.terraform\.io\/hashicorp\/aws 5\.100\.0 for /);
    expect(io.err[1]).toMatch(/^SKIPPED prod-platform \(not verified\): the kubernetes and helm providers need a live cluster/);
    expect(io.err[2]).toMatch(/none of the stacks in .* can be planned offline/);
  });

  test('GIVEN usage or setup errors THEN it exits 2 with a message saying what to do', async () => {
    const cases: Array<[string[], string | undefined, RegExp]> = [
      [['--bogus'], undefined, /^cdktf-million-rps-plan: unknown option --bogus\n\nUsage:/],
      [['--parallel', '0'], undefined, /^cdktf-million-rps-plan: --parallel 0 is not a whole number of at least 1/],
      [['--out'], undefined, /^cdktf-million-rps-plan: --out needs a value/],
      [['--out', 'elsewhere'], undefined, /^cdktf-million-rps-plan: no synthesized stacks in .*elsewhere\. Run `cdktf synth` \(or your app\) first, or pass --out <dir>\./],
      [['staging'], 'app', /^cdktf-million-rps-plan: no stack staging in .*cdktf\.out; its stacks are prod, prod-platform\./],
      [['--terraform', path.join('/nonexistent', 'terraform')], 'app', /^cdktf-million-rps-plan: The Terraform CLI was not found at \/nonexistent\/terraform\. Fix:/],
    ];
    for (const [args, withApp, expected] of cases) {
      const io = collector();
      const cwd = withApp ? app() : dir('empty-project');
      expect({ args, status: await runPlanCli(args, io, cwd, isolatedEnv()) }).toEqual({ args, status: 2 });
      expect(io.err.filter((line) => !line.startsWith('SKIPPED ')).join('\n')).toMatch(expected);
    }
  });

  test('GIVEN only stacks that need a live cluster THEN it exits 2 saying none can be planned', async () => {
    stack('dev-platform', PLATFORM_STACK);
    const io = collector();
    expect(await runPlanCli([], io, tmp, isolatedEnv())).toBe(2);
    expect(io.out).toEqual([]);
    expect(io.err).toEqual([expect.stringMatching(/^SKIPPED dev-platform \(not verified\): /), expect.stringMatching(/none of the stacks in .* can be planned offline/)]);
  });

  test('GIVEN cdktf.json names another output folder THEN the stacks are read from it; --help prints the usage', async () => {
    fs.writeFileSync(path.join(tmp, 'cdktf.json'), JSON.stringify({ app: 'node main.js', output: 'synth-out' }));
    const outdir = dir('synth-out', 'stacks', 'edge');
    fs.writeFileSync(path.join(outdir, 'cdk.tf.json'), JSON.stringify(AWS_STACK));
    const io = collector();
    const env = isolatedEnv({ [PROVIDER_MIRROR_ENV]: mirror(dir('m'), [AWS]), FAKE_TF_LOG: dir('log') });
    expect(await runPlanCli(['--terraform', fakeTerraform()], io, tmp, env)).toBe(0);
    expect(io.out).toContainEqual(expect.stringMatching(/^planned edge: Plan: 3 to add/));
    const help = collector();
    expect(await runPlanCli(['--help'], help, tmp, env)).toBe(0);
    expect(help.out[0]).toMatch(/^Usage: cdktf-million-rps-plan \[options\] \[stack \.\.\.\]/);
  });
});
