import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { synthesizeReferenceApp } from '../support/app-synth';
import { parseSnapshot, renderSnapshot, withoutCdktfMetadata } from './snapshot-format';

/**
 * The synth-only snapshot tests users run in CI: one file per stack of every environment,
 * `test/stacks/__snapshots__/<stack>.txt`. A changed snapshot is a changed plan; read its
 * diff before accepting it (`jest -u`), and explain it in the commit message. `jest -u`
 * rewrites the files that differ and deletes those of stacks that no longer exist; `--ci`
 * (and CI=true) writes nothing and fails on a missing file.
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
/**
 * Small enough to read and for a review tool to show the diff. prod is the largest (6 AZs,
 * 123 CloudWatch alarms, the dashboards); the tier constructs' scopes (data_, edge_…) added
 * about 7 KB of longer addresses. When new tiers push it over, split the file per tier
 * (the construct path in cdktf's `//` metadata names it) rather than raise this again.
 */
const MAX_SNAPSHOT_BYTES = 320 * 1024;
const names = Object.keys(app.stacks);
const rendered = new Map(names.map((name) => [name, renderSnapshot(name, app.stacks[name] as Parameters<typeof renderSnapshot>[1])]));

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

describe('stack snapshots', () => {
  test('every environment has its AWS and platform stacks', () => {
    expect(names).toEqual(expect.arrayContaining(['dev', 'dev-platform', 'staging', 'staging-platform', 'prod', 'prod-platform']));
  });

  test('snapshots hold no machine paths, timestamps or random ids', () => {
    for (const [name, text] of rendered) {
      expect({ name, absolutePath: /"\/(home|tmp|root|Users|work)\//.test(text) }).toEqual({ name, absolutePath: false });
      expect({ name, timestamp: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) }).toEqual({ name, timestamp: false });
    }
  });

  test.each(names)('%s: the snapshot text reads back as exactly the written document without its // metadata', (name) => {
    const document = app.stacks[name] as Parameters<typeof withoutCdktfMetadata>[0];
    const back = parseSnapshot(rendered.get(name)!);
    // isDeepStrictEqual first: a failure on a 400 KB document should not print it whole.
    if (!isDeepStrictEqual(back, withoutCdktfMetadata(document))) expect(back).toEqual(withoutCdktfMetadata(document));
    // And what was dropped is only cdktf's bookkeeping.
    const resources = Object.values(app.stacks[name].resource ?? {}).flatMap((byName) => Object.values(byName));
    expect(resources.map((r) => Object.keys((r['//'] ?? {}) as object).join()).filter((keys) => keys !== 'metadata')).toEqual([]);
    expect(Object.keys((app.stacks[name]['//'] ?? {}) as object)).toEqual(['metadata', 'outputs']);
  });

  test.each(names)('%s matches its snapshot file (test/stacks/__snapshots__/<stack>.txt)', (name) => {
    const { mode, count } = snapshotState();
    const file = path.join(SNAPSHOTS, `${name}${EXTENSION}`);
    const text = rendered.get(name)!;
    const stored = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (stored === text) return count('matched');
    if (stored === undefined && mode !== 'none') {
      fs.mkdirSync(SNAPSHOTS, { recursive: true });
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
      (error as Error).message = `The ${name} stack no longer matches ${path.relative(process.cwd(), file)}. Read the diff; if the change is intended, run jest -u and explain it in the commit message.\n\n${(error as Error).message}`;
      throw error;
    }
  });

  test('no snapshot file is left for a stack that no longer exists', () => {
    const { mode } = snapshotState();
    const stale = fs.existsSync(SNAPSHOTS) ? fs.readdirSync(SNAPSHOTS).filter((f) => f.endsWith(EXTENSION) && !names.includes(f.slice(0, -EXTENSION.length))) : [];
    if (mode === 'all') stale.forEach((f) => fs.rmSync(path.join(SNAPSHOTS, f)));
    else expect({ staleSnapshots: stale, fix: 'delete them, or run jest -u' }).toEqual({ staleSnapshots: [], fix: 'delete them, or run jest -u' });
  });

  test.each(names)(`%s: the snapshot stays small enough to review (<= ${MAX_SNAPSHOT_BYTES / 1024} KB)`, (name) => {
    expect(Buffer.byteLength(rendered.get(name)!, 'utf8')).toBeLessThanOrEqual(MAX_SNAPSHOT_BYTES);
  });
});
