import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { AWS_PROVIDER_VERSION, findProviderMirror, terraformVersion } from '../support/terraform';
import { runDir, tempDir } from '../support/temp';

/**
 * Ship it: the packed tarball, installed into a fresh project the way a user installs it,
 * type-checks and synthesizes every app under examples/, and the package's own
 * `cdktf-million-rps-plan` command, run from the project, plans each synthesized stack offline.
 *
 * What each example's package.json declares (the peers: cdktf, constructs, provider
 * packages; the toolchain) is linked from this repo's node_modules rather than downloaded
 * again (the provider package alone is ~360 MB); nothing else is, so an example that
 * forgets a dependency the library loads fails here. The library has no runtime
 * dependencies of its own, so installing it is unpacking the tarball into node_modules
 * (what npm does for a tarball without dependencies); resolution then goes through its
 * package.json `main`, `types` and `exports` exactly as in a user's project. `npm install` of a `file:` tarball was not used:
 * it tries the registry for the peers and proved unreliable offline.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; peerDependencies: Record<string, string>; bin: Record<string, string> };
/** The offline-plan command a consumer's CI runs (lib/offline-plan-cli.ts). */
const PLAN_BIN = 'cdktf-million-rps-plan';
/** What an example may depend on besides the library: its peers. */
const PEERS = Object.keys(PACKAGE.peerDependencies);
/** @types/node's own dependency, which npm would install beside it. */
const TRANSITIVE = ['undici-types'];
/** What an example may import: the library, the peers (provider classes from their own modules) and its own files. */
const ALLOWED_IMPORT = /^(cdktf-million-rps|cdktf|constructs|@cdktf\/provider-(aws|kubernetes|helm)\/lib\/[a-z0-9-]+|\.\/[\w-]+)$/;
/** Everything the package may hold: the compiled library and its documents. */
const PACKED = /^(package\.json|README\.md|CHANGELOG\.md|LICENSE|build\/(constructs|lib)\/.+\.(js|d\.ts|json))$/;
/** Values the example stacks ask for as Terraform variables, for the offline plan only. */
const PLAN_VARIABLES: Record<string, Record<string, unknown>> = {
  'redis-in-existing-vpc': {
    vpc_id: 'vpc-0123456789abcdef0',
    data_subnet_ids: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1', 'subnet-0123456789abcdef2'],
    client_security_group_id: 'sg-0123456789abcdef0',
  },
};
/** The example whose stacks the installed `cdktf-million-rps-plan` plans (the README walkthrough). */
const PLANNED_EXAMPLE = 'quickstart';
const TIMEOUT_MS = 10 * 60 * 1000;

function sh(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CHECKPOINT_DISABLE: '1' }, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
  }
}

/** Every file under `dir` (relative paths), skipping installs and outputs. */
function filesUnder(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return ['node_modules', 'build', 'cdktf.out'].includes(entry.name) ? [] : filesUnder(full, base);
    return [path.relative(base, full)];
  });
}

function readPackage(dir: string): { dependencies: Record<string, string>; devDependencies?: Record<string, string> } {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies?: Record<string, string> };
}

function installedVersion(name: string): string | undefined {
  const file = path.join(ROOT, 'node_modules', name, 'package.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version : undefined;
}

/** `x.y.z` exactly, or `^x.y.z` (same major, at least x.y.z): the two forms the examples use. */
function satisfies(version: string | undefined, range: string | undefined): boolean {
  const match = /^(\^?)(\d+)\.(\d+)\.(\d+)$/.exec(range ?? '');
  if (!version || !match) return false;
  const [major, minor, patch] = version.split('.').map(Number);
  const [want, caret] = [match.slice(2).map(Number), match[1] === '^'];
  if (!caret) return version === match.slice(2).join('.');
  return major === want[0] && (minor > want[1] || (minor === want[1] && patch >= want[2]));
}

/** Module specifiers of the import statements and require calls in a TypeScript file. */
function importsOf(file: string): string[] {
  const source = fs.readFileSync(file, 'utf8');
  return [...source.matchAll(/(?:^import\s[^;]*?from\s+|^import\s+|require\()['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

/**
 * Installs an example as a user would: its files, its declared dependencies linked from this
 * repo's node_modules, and the tarball unpacked as node_modules/<package>.
 */
function installExample(example: string, workdir: string, tarball: string): void {
  const project = path.join(workdir, example);
  fs.cpSync(path.join(EXAMPLES, example), project, { recursive: true, filter: (src) => !/[\\/](node_modules|build|cdktf\.out)$/.test(src) });
  const modules = path.join(project, 'node_modules');
  const pkg = readPackage(project);
  const declared = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies ?? {})].filter((name) => name !== PACKAGE.name);
  for (const name of [...declared, ...TRANSITIVE]) {
    fs.mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules', name), path.join(modules, name), 'dir');
  }
  const installed = path.join(modules, PACKAGE.name);
  fs.mkdirSync(installed, { recursive: true });
  sh('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'], project);
}

interface CompileResult {
  /** tsc's exit status per example (one program per group of examples sharing a tsconfig.json). */
  readonly status: Record<string, number | null>;
  /** tsc's diagnostics, one per line, each starting with the example's folder. */
  readonly output: string;
}

/**
 * Compiles the installed examples with tsc, each with its own tsconfig.json's options: the
 * examples whose tsconfig.json is the same are compiled in one program (one tsc start and one
 * load of the provider typings instead of one per example; each example still resolves the
 * library from its own node_modules), and each example's output is placed where its own
 * `tsc -p tsconfig.json` would write it (its outDir, relative to its rootDir).
 */
function compileExamples(workdir: string, names: readonly string[]): CompileResult {
  const groups = new Map<string, string[]>();
  for (const name of names) {
    const text = fs.readFileSync(path.join(workdir, name, 'tsconfig.json'), 'utf8');
    groups.set(text, [...(groups.get(text) ?? []), name]);
  }
  const status: Record<string, number | null> = {};
  const output: string[] = [];
  [...groups.entries()].forEach(([text, group], i) => {
    const config = JSON.parse(text) as { compilerOptions: Record<string, unknown>; include?: string[] };
    const { rootDir = '.', outDir } = config.compilerOptions as { rootDir?: string; outDir?: string };
    if (rootDir !== '.' || typeof outDir !== 'string') throw new Error(`examples ${group.join(', ')}: this test compiles an example whose tsconfig.json has rootDir "." and an outDir; found rootDir ${JSON.stringify(rootDir)}, outDir ${JSON.stringify(outDir)}`);
    const combinedOut = `.examples-build-${i}`;
    const combined = {
      compilerOptions: { ...config.compilerOptions, rootDir: '.', outDir: combinedOut, typeRoots: [`./${group[0]}/node_modules/@types`] },
      include: group.flatMap((name) => (config.include ?? ['**/*.ts']).map((pattern) => `${name}/${pattern}`)),
    };
    const file = path.join(workdir, `tsconfig.examples-${i}.json`);
    fs.writeFileSync(file, JSON.stringify(combined, null, 2));
    const run = spawnSync('node', [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', file], { cwd: workdir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    output.push(run.stdout, run.stderr);
    for (const name of group) {
      status[name] = run.status;
      const emitted = path.join(workdir, combinedOut, name);
      if (fs.existsSync(emitted)) fs.cpSync(emitted, path.join(workdir, name, outDir), { recursive: true });
    }
  });
  return { status, output: output.join('') };
}

const examples = fs.existsSync(EXAMPLES)
  ? fs.readdirSync(EXAMPLES).filter((name) => fs.existsSync(path.join(EXAMPLES, name, 'main.ts'))).sort()
  : [];

describe('the packed library in a fresh project', () => {
  let tarball = '';
  let packedFiles: string[] = [];
  let workdir = '';
  let canPlan = false;
  let compiled: CompileResult = { status: {}, output: '' };

  beforeAll(async () => {
    // KEEP_PACK_WORKDIR keeps the consumer project for a look after the run: beside the run's
    // folder, not in it (the run's teardown removes that).
    workdir = process.env.KEEP_PACK_WORKDIR ? fs.mkdtempSync(path.join(path.dirname(runDir()!), 'pack-')) : tempDir('pack-');
    if (process.env.KEEP_PACK_WORKDIR) console.log(`KEEP_PACK_WORKDIR: the packed project stays in ${workdir}`);
    sh('npm', ['run', 'build', '--silent'], ROOT);
    const packed = JSON.parse(sh('npm', ['pack', '--json', '--silent', '--pack-destination', workdir], ROOT)) as { filename: string; files: { path: string }[] }[];
    tarball = path.join(workdir, packed[0].filename);
    packedFiles = packed[0].files.map((f) => f.path);
    for (const example of examples) installExample(example, workdir, tarball);
    compiled = compileExamples(workdir, examples);

    const version = await terraformVersion();
    const mirror = findProviderMirror();
    if (version && mirror) {
      canPlan = true;
    } else {
      const missing = !version ? 'the terraform CLI is not on PATH' : `no local mirror of hashicorp/aws ${AWS_PROVIDER_VERSION} was found (set TF_PROVIDER_MIRROR)`;
      if (process.env.CI) throw new Error(`The examples' Terraform check cannot run in CI: ${missing}`);
      console.warn(`\n*** SKIPPED: terraform validate and offline plan of the examples: ${missing}. The examples only synthesize. ***\n`);
    }
  }, TIMEOUT_MS);

  afterAll(() => {
    if (workdir && !process.env.KEEP_PACK_WORKDIR) fs.rmSync(workdir, { recursive: true, force: true });
  });

  test('GIVEN npm pack THEN the tarball holds only the compiled library, its types and its documents', () => {
    expect(packedFiles.filter((f) => !PACKED.test(f))).toEqual([]);
    expect(packedFiles).toEqual(expect.arrayContaining(['package.json', 'README.md', 'build/constructs/index.js', 'build/constructs/index.d.ts']));
  });

  test('GIVEN files the library reads at run time (JSON policies) THEN the tarball holds each of them', () => {
    const assets = ['constructs', 'lib'].flatMap((dir) => filesUnder(path.join(ROOT, dir)).map((f) => path.join(dir, f))).filter((f) => !f.endsWith('.ts'));
    expect(assets).toContain(path.join('constructs', 'eks-cluster', 'policies', 'aws-load-balancer-controller-v2.14.1.json'));
    expect(assets.map((f) => `build/${f.split(path.sep).join('/')}`).filter((f) => !packedFiles.includes(f))).toEqual([]);
  });

  test('GIVEN the package.json THEN main, types and exports point at files in the tarball', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string; types: string; exports: Record<string, { types: string; default: string }> };
    const entries = [pkg.main, pkg.types, pkg.exports['.'].types, pkg.exports['.'].default].map((p) => p.replace(/^\.\//, ''));
    expect(entries.filter((p) => !packedFiles.includes(p))).toEqual([]);
  });

  test(`GIVEN the package.json THEN its bin ${PLAN_BIN} is a node script in the tarball`, () => {
    const bin = PACKAGE.bin[PLAN_BIN];
    expect(packedFiles).toContain(bin);
    expect(fs.readFileSync(path.join(ROOT, bin), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  test('there are at least two examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  test.each(examples)('examples/%s is a standalone project that imports only the package, its peers and its own files', (example) => {
    const dir = path.join(EXAMPLES, example);
    const files = fs.readdirSync(dir);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'tsconfig.json', 'cdktf.json', 'main.ts', 'README.md']));
    const pkg = readPackage(dir);
    expect(pkg.dependencies[PACKAGE.name]).toBe(`^${PACKAGE.version}`);
    expect(Object.keys(pkg.dependencies).filter((name) => name !== PACKAGE.name && !PEERS.includes(name))).toEqual([]);
    const imports = files.filter((f) => f.endsWith('.ts')).flatMap((f) => importsOf(path.join(dir, f)).map((specifier) => `${f}: ${specifier}`));
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((i) => !ALLOWED_IMPORT.test(i.split(': ')[1]))).toEqual([]);
  });

  test.each(examples)(
    'examples/%s installs the tarball, type-checks, synthesizes and plans offline',
    async (example) => {
      const project = path.join(workdir, example);
      const modules = path.join(project, 'node_modules');
      const installed = path.join(modules, PACKAGE.name);
      const pkg = readPackage(project);
      const declared = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies ?? {})].filter((name) => name !== PACKAGE.name);
      // The example pins what this repo tests with, so the project below is what npm would install.
      const mismatched = declared.map((name) => [name, pkg.dependencies[name] ?? pkg.devDependencies?.[name], installedVersion(name)]).filter(([, range, version]) => !satisfies(version, range));
      expect(mismatched).toEqual([]);
      // Type-checked (and compiled) in beforeAll, with its tsconfig.json's options: no diagnostic is in its files.
      const diagnostics = compiled.output.split('\n').filter((line) => line.startsWith(`${example}/`));
      expect(diagnostics).toEqual([]);
      // A failed compile is some example's diagnostics (that example's test fails on them) or a
      // failure of the compile itself, which fails every example's test.
      const attributed = examples.some((name) => compiled.output.split('\n').some((line) => line.startsWith(`${name}/`)));
      if (compiled.status[example] !== 0 && !attributed) throw new Error(`tsc failed with no diagnostic in an example's files:\n${compiled.output}`);
      // The compiled app loads the library from the unpacked tarball, not from this repo.
      const resolved = sh('node', ['-p', `require.resolve(${JSON.stringify(PACKAGE.name)})`], project).trim();
      expect(resolved).toBe(path.join(installed, 'build', 'constructs', 'index.js'));
      sh('node', ['build/main.js'], project);

      const stacksDir = path.join(project, 'cdktf.out', 'stacks');
      const stacks = fs.readdirSync(stacksDir);
      expect(stacks.length).toBeGreaterThan(0);
      for (const stack of stacks) {
        const json = JSON.parse(fs.readFileSync(path.join(stacksDir, stack, 'cdk.tf.json'), 'utf8')) as { resource?: object };
        expect({ stack, resourceTypes: Object.keys(json.resource ?? {}).length > 0 }).toEqual({ stack, resourceTypes: true });
      }
      if (!canPlan) return;
      // The installed plan command runs once, on the README walkthrough (quickstart): the other
      // examples are the same constructs the reference app's stacks are built from, and
      // test/real-tools/terraform.test.ts plans those; planning every example here doubled
      // this test (about a minute on 2 cores) for no construct it does not already cover.
      if (example !== PLANNED_EXAMPLE) {
        console.log(`examples/${example}: type-checked and synthesized from the tarball; its offline plan runs for ${PLANNED_EXAMPLE} only`);
        return;
      }
      // As npm links a dependency's bins: node_modules/.bin/<name> -> the package's file, made executable.
      const installedBin = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as { bin: Record<string, string> };
      fs.mkdirSync(path.join(modules, '.bin'));
      fs.symlinkSync(path.join('..', PACKAGE.name, installedBin.bin[PLAN_BIN]), path.join(modules, '.bin', PLAN_BIN));
      fs.chmodSync(path.join(installed, installedBin.bin[PLAN_BIN]), 0o755);
      const varFile = path.join(project, 'offline-plan.tfvars.json');
      if (PLAN_VARIABLES[example]) fs.writeFileSync(varFile, JSON.stringify(PLAN_VARIABLES[example]));
      const run = spawnSync(path.join(modules, '.bin', PLAN_BIN), PLAN_VARIABLES[example] ? ['--var-file', varFile] : [], { cwd: project, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' }, maxBuffer: 64 * 1024 * 1024 });
      console.log(`examples/${example}:\n${run.stdout}${run.stderr}`);
      expect({ status: run.status, failed: run.stderr.split('\n').filter((line) => line.startsWith('FAILED')) }).toEqual({ status: 0, failed: [] });
      const planned = Object.fromEntries([...run.stdout.matchAll(/^planned (\S+): Plan: (\d+) to add/gm)].map((m) => [m[1], Number(m[2])]));
      // The command plans what this machine's mirror can and says loudly what it skips (a
      // platform stack needs a live cluster; a provider the mirror lacks cannot be installed).
      const skipped = [...run.stderr.matchAll(/^SKIPPED (\S+) \(not verified\): (.+)$/gm)].map((m) => m[1]);
      if (skipped.length > 0) console.warn(`\n*** SKIPPED: offline plan of examples/${example} ${skipped.join(', ')} (reasons above). They only synthesize here. ***\n`);
      expect([...Object.keys(planned), ...skipped].sort()).toEqual([...stacks].sort());
      // Every example has at least one AWS stack, and each planned stack creates resources.
      expect(Object.keys(planned).length).toBeGreaterThan(0);
      expect(Object.entries(planned).filter(([, toAdd]) => toAdd === 0)).toEqual([]);
    },
    TIMEOUT_MS,
  );
});
