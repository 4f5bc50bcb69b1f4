import { testApp } from '../support/temp';
import * as fs from 'fs';
import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';

/**
 * The package supports both majors of @cdktf/provider-aws: 20.x (hashicorp/aws 5.x, the
 * tested default) and 21.x (hashicorp/aws 6.x). Jest's `provider-aws-21` project runs this
 * file (with the construct tests) on the 21.x install; the `unit` project on 20.x.
 */
const ROOT = path.resolve(__dirname, '..', '..');
/** Set by the jest project that maps every provider module to the 21.x install. */
const BINDINGS = (globalThis as { AWS_PROVIDER_BINDINGS?: string }).AWS_PROVIDER_BINDINGS ?? '@cdktf/provider-aws';
const EXPECTED_AWS_MAJOR: Record<string, string> = { '@cdktf/provider-aws': '5', '@cdktf/provider-aws-21': '6' };

interface PackageJson {
  readonly version: string;
  readonly peerDependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as PackageJson;
const PACKAGE = readJson(path.join(ROOT, 'package.json'));
const installed = (name: string) => readJson(path.join(ROOT, 'node_modules', name, 'package.json'));

/** Whether `version` satisfies a range of `^x.y.z` alternatives joined by `||` (the only form the peer range uses). */
function inCaretRange(version: string, range: string): boolean {
  const [major, minor, patch] = version.split('.').map(Number);
  return range.split('||').some((part) => {
    const match = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(part.trim());
    if (!match) throw new Error(`unexpected range part ${part} in ${range}`);
    const [wantMajor, wantMinor, wantPatch] = match.slice(1).map(Number);
    return major === wantMajor && (minor > wantMinor || (minor === wantMinor && patch >= wantPatch));
  });
}

describe('@cdktf/provider-aws majors', () => {
  test(`GIVEN this jest project THEN the provider bindings come from ${BINDINGS} and synthesize for hashicorp/aws ${EXPECTED_AWS_MAJOR[BINDINGS]}.x`, () => {
    expect(require.resolve('@cdktf/provider-aws/lib/provider')).toContain(path.join('node_modules', ...BINDINGS.split('/'), 'lib', 'provider'));
    const app = testApp();
    const stack = new TerraformStack(app, 'majors');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const synthesized = JSON.parse(Testing.synth(stack)) as { terraform: { required_providers: { aws: { version: string } } } };
    expect(synthesized.terraform.required_providers.aws.version.split('.')[0]).toBe(EXPECTED_AWS_MAJOR[BINDINGS]);
  });

  test('GIVEN the peer range THEN it admits both pinned installs the tests run on, and no third major', () => {
    const range = PACKAGE.peerDependencies?.['@cdktf/provider-aws'] as string;
    expect(PACKAGE.devDependencies?.['@cdktf/provider-aws']).toBe(installed('@cdktf/provider-aws').version);
    expect(PACKAGE.devDependencies?.['@cdktf/provider-aws-21']).toBe(`npm:@cdktf/provider-aws@${installed('@cdktf/provider-aws-21').version}`);
    expect(inCaretRange(installed('@cdktf/provider-aws').version, range)).toBe(true);
    expect(inCaretRange(installed('@cdktf/provider-aws-21').version, range)).toBe(true);
    expect(['19.99.0', '22.0.0', '20.0.0'].filter((v) => inCaretRange(v, range))).toEqual([]);
  });

  test('GIVEN the provider-aws-21 jest project THEN it repeats the tests of the constructs built on AWS resources, and not those of the kubernetes-only ones', () => {
    const config = require(path.join(ROOT, 'jest.config.js')) as { projects: Array<{ displayName: string; testMatch: string[] }> };
    const testMatch = config.projects.find((p) => p.displayName === 'provider-aws-21')?.testMatch ?? [];
    const constructs = testMatch.map((glob) => /test\/constructs\/([\w-]+)\//.exec(glob)?.[1]).filter((name): name is string => name !== undefined);
    expect(constructs).toEqual(expect.arrayContaining(['network', 'eks-cluster', 'rds-with-replicas', 'redis-cluster', 'alb-nginx-tier', 'auto-scaling-group', 'monitoring-stack']));
    expect(constructs).not.toContain('namespace-baseline');
  });

  test('GIVEN every provider package the peers name THEN each asks for the same cdktf and constructs as the library', () => {
    const providers = ['@cdktf/provider-aws', '@cdktf/provider-aws-21', '@cdktf/provider-kubernetes', '@cdktf/provider-helm'];
    const asked = providers.map((name) => ({ name, cdktf: installed(name).peerDependencies?.cdktf, constructs: installed(name).peerDependencies?.constructs }));
    expect(asked).toEqual(providers.map((name) => ({ name, cdktf: PACKAGE.peerDependencies?.cdktf, constructs: PACKAGE.peerDependencies?.constructs })));
  });
});
