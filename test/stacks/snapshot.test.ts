import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { synthesizeReferenceApp } from '../support/app-synth';
import { mergeParts, parseSnapshot, renderSnapshot, splitByTier, STACK_PART, withoutCdktfMetadata } from './snapshot-format';

/**
 * The synth-only snapshot tests users run in CI: one folder per stack of every environment,
 * one file per tier in it, `test/stacks/__snapshots__/<stack>/<tier>.txt` (the tier is the
 * stack's top-level construct that made the block: `network`, `compute`, `data`,
 * `monitoring`…; `stack.txt` holds terraform, providers, variables and outputs), so a change
 * shows as a diff in the tier it touches and no file grows past review size. A changed
 * snapshot is a changed plan; read its diff before accepting it (`jest -u`), and explain it in
 * the commit message. `jest -u` rewrites the files that differ and deletes those of stacks or
 * tiers that no longer exist; `--ci` (and CI=true) writes nothing and fails on a missing file.
 *
 * Format (test/stacks/snapshot-format.ts renders and reads it). Each file is the stack's
 * `cdk.tf.json` with every value Terraform receives, laid out for reading and diffing:
 *
 * - Dropped: only cdktf's `//` metadata (in each resource, the construct path and unique id;
 *   at the top, the cdktf version, stack name, backend type and output names). Terraform reads
 *   `//` as a comment; Policy and `cdktf` use it for bookkeeping.
 * - Layout: YAML-like. `key: value` per line, two spaces per level, `- ` per list item. Every
 *   scalar is JSON (`"Sum"` is a string, `60` a number, `"true"` a string, `true` a boolean),
 *   so types are exactly what Terraform gets. A list up to 200 characters, or a mapping up to
 *   120, stays on one line: `[a, b]`, `{key: value}`; keys are bare unless they need quotes.
 * - `resource "<type>" "<name>":` heads each resource, as Terraform's own syntax names it
 *   (`data "<type>" "<name>":` for data sources); the document's other top-level keys
 *   (`terraform`, `provider`, `output`, `variable`) are written as they are.
 * - `defaults "<type>":` precedes the resources of a type with at least 6 of them and holds
 *   each attribute value that at least 3/4 of them share. A resource below it has those
 *   values unless it states its own; `key: (unset)` marks a resource that lacks the attribute.
 * - `key: |` is a multi-line string, the lines below it (indented one level), ending with a
 *   newline; `|-` the same without the final newline.
 * - `key: base64 |` is a base64 string, shown as the UTF-8 text it encodes (the lines below);
 *   `key: ${base64encode} |` is the Terraform expression `${base64encode("<text>")}` of the text
 *   below (user data). Inside such text, a base64 token of readable text (cloud-init's
 *   `content: <base64>`, which carries nginx.conf) is shown as `«base64 |»` followed by the
 *   text it encodes, each of its lines prefixed `» `.
 * - `key: json` is a string holding compact JSON (IAM policies, dashboard bodies), shown as
 *   the value it encodes (the block below, or `json {...}` on the line).
 * Each decoding is used only when encoding the shown text again gives back the exact string,
 * and the tests below read every file back and compare it with the written document.
 */
const app = synthesizeReferenceApp();
const SNAPSHOTS = path.join(__dirname, '__snapshots__');
const EXTENSION = '.txt';
/** Small enough to read and for a review tool to show the diff (prod's monitoring tier, the largest, is about 170 KB). */
const MAX_SNAPSHOT_BYTES = 300 * 1024;
type Document = Parameters<typeof withoutCdktfMetadata>[0];
const names = Object.keys(app.stacks);
/** Each stack's construct path (`prod/prod`: the Environment `prod`, its stack `prod`). */
const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { constructPath: string }> };
/** `<stack>/<tier>` → the file's text. */
const rendered = new Map<string, string>();
for (const name of names) {
  for (const [tier, part] of splitByTier(app.stacks[name] as Document, manifest.stacks[name].constructPath)) rendered.set(`${name}/${tier}`, renderSnapshot(`${name}, ${tier}`, part));
}
const files = [...rendered.keys()];
const fileOf = (key: string) => path.join(SNAPSHOTS, `${key}${EXTENSION}`);

/**
 * How jest was asked to treat snapshots: 'all' under `-u`, 'none' under `--ci`, else 'new'.
 * Jest keeps it in its snapshot state, which also counts these files in its summary.
 */
function snapshotState(): { mode: 'all' | 'new' | 'none'; count: (outcome: 'added' | 'matched' | 'unmatched' | 'updated') => void } {
  const state = expect.getState().snapshotState as unknown as Record<string, unknown> & { _updateSnapshot?: unknown };
  const mode = state?._updateSnapshot;
  if (mode !== 'all' && mode !== 'new' && mode !== 'none') {
    throw new Error('Cannot tell whether jest runs with -u or --ci: its SnapshotState no longer has _updateSnapshot. Fix snapshotState() in test/stacks/snapshot.test.ts.');
  }
  return { mode, count: (outcome) => void (state[outcome] = (state[outcome] as number) + 1) };
}

/** Every `.txt` under __snapshots__, as `<stack>/<tier>` (or the bare name of a file at the top). */
function storedFiles(): string[] {
  if (!fs.existsSync(SNAPSHOTS)) return [];
  return fs.readdirSync(SNAPSHOTS, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith(EXTENSION)).map((f) => f.slice(0, -EXTENSION.length).split(path.sep).join('/'));
}

describe('stack snapshots', () => {
  test('every environment has its AWS and platform stacks', () => {
    expect(names).toEqual(expect.arrayContaining(['dev', 'dev-platform', 'staging', 'staging-platform', 'prod', 'prod-platform']));
  });

  test('every stack is split into its tiers and a stack part', () => {
    const tiersOf = (stack: string) => files.filter((f) => f.startsWith(`${stack}/`)).map((f) => f.slice(stack.length + 1)).sort();
    expect(tiersOf('prod')).toEqual(expect.arrayContaining(['compute', 'data', 'edge', 'monitoring', 'network', STACK_PART]));
    expect(tiersOf('prod-platform')).toEqual(expect.arrayContaining(['monitoring', 'services', STACK_PART]));
  });

  test('snapshots hold no machine paths, timestamps or random ids', () => {
    for (const [name, text] of rendered) {
      expect({ name, absolutePath: /"\/(home|tmp|root|Users|work)\//.test(text) }).toEqual({ name, absolutePath: false });
      expect({ name, timestamp: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) }).toEqual({ name, timestamp: false });
    }
  });

  test.each(names)('%s: its snapshot files read back as exactly the written document without its // metadata', (name) => {
    const document = app.stacks[name] as Document;
    const back = mergeParts(files.filter((f) => f.startsWith(`${name}/`)).map((f) => parseSnapshot(rendered.get(f)!)));
    // isDeepStrictEqual first: a failure on a 400 KB document should not print it whole.
    if (!isDeepStrictEqual(back, withoutCdktfMetadata(document))) expect(back).toEqual(withoutCdktfMetadata(document));
    // And what was dropped is only cdktf's bookkeeping.
    const resources = Object.values(app.stacks[name].resource ?? {}).flatMap((byName) => Object.values(byName));
    expect(resources.map((r) => Object.keys((r['//'] ?? {}) as object).join()).filter((keys) => keys !== 'metadata')).toEqual([]);
    expect(Object.keys((app.stacks[name]['//'] ?? {}) as object)).toEqual(['metadata', 'outputs']);
  });

  test.each(files)('%s matches its snapshot file (test/stacks/__snapshots__/<stack>/<tier>.txt)', (key) => {
    const { mode, count } = snapshotState();
    const file = fileOf(key);
    const text = rendered.get(key)!;
    const stored = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (stored === text) return count('matched');
    if (stored === undefined && mode !== 'none') {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      return count('added');
    }
    if (stored !== undefined && mode === 'all') {
      fs.writeFileSync(file, text);
      return count('updated');
    }
    count('unmatched');
    if (stored === undefined) throw new Error(`No snapshot ${path.relative(process.cwd(), file)} (jest --ci writes none): run jest without --ci, read the file and commit it.`);
    try {
      expect(text).toBe(stored);
    } catch (error) {
      (error as Error).message = `${key} no longer matches ${path.relative(process.cwd(), file)}. Read the diff; if the change is intended, run jest -u and explain it in the commit message.\n\n${(error as Error).message}`;
      throw error;
    }
  });

  test('no snapshot file is left for a stack or tier that no longer exists', () => {
    const { mode } = snapshotState();
    const stale = storedFiles().filter((f) => !rendered.has(f));
    if (mode === 'all') {
      stale.forEach((f) => fs.rmSync(fileOf(f)));
      for (const dir of fs.readdirSync(SNAPSHOTS)) {
        const full = path.join(SNAPSHOTS, dir);
        if (fs.statSync(full).isDirectory() && fs.readdirSync(full).length === 0) fs.rmdirSync(full);
      }
    } else expect({ staleSnapshots: stale, fix: 'delete them, or run jest -u' }).toEqual({ staleSnapshots: [], fix: 'delete them, or run jest -u' });
  });

  test.each(files)(`%s: the snapshot file stays small enough to review (<= ${MAX_SNAPSHOT_BYTES / 1024} KB)`, (key) => {
    expect(Buffer.byteLength(rendered.get(key)!, 'utf8')).toBeLessThanOrEqual(MAX_SNAPSHOT_BYTES);
  });
});
