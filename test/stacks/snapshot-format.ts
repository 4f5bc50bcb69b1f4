/**
 * The text form of a synthesized stack that test/stacks/snapshot.test.ts keeps, one file per
 * stack: every value Terraform receives, laid out to be read and diffed. The format is
 * described in snapshot.test.ts; `parseSnapshot` reads it back, and the snapshot test proves
 * on every stack that it gives back exactly the written document without cdktf's `//`
 * metadata, so the text loses nothing else.
 */

import { isDeepStrictEqual } from 'util';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** A mapping stays on one line up to this width; longer ones get a line per entry. */
const WIDTH = 120;
/** A list of short values (a dashboard's metric row, CIDRs, actions) stays on one line up to this. */
const LIST_WIDTH = 200;
const fits = (value: Json, lineLength: number) => lineLength <= (Array.isArray(value) ? LIST_WIDTH : WIDTH);
/** Shorter base64 strings are left alone: too short to hide a readable document. */
const MIN_BASE64_LENGTH = 40;
/** Marks a line of text decoded from a base64 token on the line above it (see the format). */
const NESTED = '»';
const NESTED_MARK = (keepsNewline: boolean) => `«base64 ${keepsNewline ? '|' : '|-'}»`;
const BASE64_TOKEN = /(^|[\s:="'])([A-Za-z0-9+/]{40,}={0,2})(?=$|[\s"'])/;

/**
 * The document without cdktf's `//` metadata where cdktf writes it: at the top (stack
 * metadata, output names) and in each resource, data source, output, module and provider
 * block (construct path and unique id). Terraform reads `//` in a block as a comment.
 */
export function withoutCdktfMetadata(document: JsonObject): JsonObject {
  const strip = (block: Json): Json => {
    if (block === null || typeof block !== 'object' || Array.isArray(block)) return block;
    const { ['//']: _comment, ...rest } = block;
    return rest;
  };
  const byName = (blocks: Json, depth: number): Json => {
    if (blocks === null || typeof blocks !== 'object') return blocks;
    if (Array.isArray(blocks)) return blocks.map((b) => (depth === 0 ? strip(b) : byName(b, depth - 1)));
    return Object.fromEntries(Object.entries(blocks).map(([k, v]) => [k, depth === 0 ? strip(v) : byName(v, depth - 1)]));
  };
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(document)) {
    if (key === '//') continue;
    if (key === 'resource' || key === 'data') result[key] = byName(value, 1);
    else if (key === 'output' || key === 'module') result[key] = byName(value, 0);
    else if (key === 'provider') result[key] = byName(value, 1);
    else result[key] = value;
  }
  return result;
}

/** The part that holds everything not made by one of the stack's top-level constructs. */
export const STACK_PART = 'stack';

/**
 * The document split by the stack's top-level constructs (its tiers: `network`, `compute`,
 * `data`, `monitoring`…), read from the construct path in each resource's and data source's
 * `//` metadata; the `stack` part holds the rest (terraform, providers, variables, outputs,
 * and blocks without a path). Each part keeps its blocks' metadata, so rendering strips it
 * as for a whole document; {@link mergeParts} puts the parts back together.
 */
const MONITORING_TIER = 'monitoring';

export function splitByTier(document: JsonObject, stackPath: string): Map<string, JsonObject> {
  const parts = new Map<string, JsonObject>();
  const partOf = (name: string): JsonObject => {
    if (!parts.has(name)) parts.set(name, {});
    return parts.get(name)!;
  };
  for (const [key, value] of Object.entries(document)) {
    if (!BLOCK_KINDS.includes(key) || !isTwoLevelMap(value)) {
      if (key !== '//') partOf(STACK_PART)[key] = value;
      continue;
    }
    for (const [type, byName] of Object.entries(value)) {
      for (const [name, block] of Object.entries(byName)) {
        const tier = tierOf(block, stackPath) ?? STACK_PART;
        const section = (partOf(tier)[key] ??= {}) as JsonObject;
        ((section[type] ??= {}) as JsonObject)[name] = block;
      }
    }
  }
  return parts;
}

/**
 * `prod/prod/data/database/primary` in the stack `prod/prod` → `data`: the construct under the
 * stack that made the block (`stackPath` is the stack's construct path, from manifest.json).
 */
function tierOf(block: Json, stackPath: string): string | undefined {
  if (block === null || typeof block !== 'object' || Array.isArray(block)) return undefined;
  const metadata = (block['//'] as JsonObject | undefined)?.metadata as JsonObject | undefined;
  const path = typeof metadata?.path === 'string' ? metadata.path : '';
  if (!path.startsWith(`${stackPath}/`)) return undefined;
  const segments = path.slice(stackPath.length + 1).split('/');
  // A block made by the stack itself, not by a construct in it, stays in the stack part.
  const tier = segments.length > 1 ? segments[0] : undefined;
  if (tier === STACK_PART) throw new Error(`A top-level construct named "${STACK_PART}" would share the stack part's snapshot file: rename it.`);
  // The monitoring tier watches every other tier and grows with each (an alarm per cache node,
  // per database instance...): its blocks tagged with the tier they watch go to
  // `monitoring-<tier>`, so each file stays reviewable.
  const watched = ((block as JsonObject).tags as JsonObject | undefined)?.Tier;
  if (tier === MONITORING_TIER && typeof watched === 'string' && /^[a-z0-9-]+$/.test(watched)) return `${MONITORING_TIER}-${watched}`;
  return tier;
}

/** The parts of {@link splitByTier} (as parsed back from their files) as one document. */
export function mergeParts(parts: JsonObject[]): JsonObject {
  const merged: JsonObject = {};
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (!BLOCK_KINDS.includes(key) || !isTwoLevelMap(value)) {
        merged[key] = value;
        continue;
      }
      const section = (merged[key] ??= {}) as JsonObject;
      for (const [type, byName] of Object.entries(value)) Object.assign((section[type] ??= {}) as JsonObject, byName);
    }
  }
  return merged;
}

// ---------------------------------------------------------------------------------------------
// Rendering

export function renderSnapshot(stackName: string, document: JsonObject): string {
  const lines = [`# ${stackName}: cdk.tf.json as text, without cdktf's // metadata. Format: test/stacks/snapshot.test.ts`];
  for (const [key, value] of Object.entries(withoutCdktfMetadata(document))) {
    if (BLOCK_KINDS.includes(key) && isTwoLevelMap(value)) {
      // `resource "aws_vpc" "network_vpc_1A2B3C4D":`, as Terraform's own syntax names a block.
      for (const [type, byName] of Object.entries(value)) {
        const defaults = key === 'resource' ? sharedValues(Object.values(byName)) : {};
        if (Object.keys(defaults).length > 0) renderValue(`defaults ${JSON.stringify(type)}:`, defaults, 0, lines);
        for (const [name, config] of Object.entries(byName)) {
          const head = `${key} ${JSON.stringify(type)} ${JSON.stringify(name)}:`;
          if (Object.keys(defaults).length === 0 || config === null || typeof config !== 'object' || Array.isArray(config)) {
            renderValue(head, config, 0, lines);
            continue;
          }
          const own = Object.fromEntries(Object.entries(config).filter(([k, v]) => !(k in defaults) || !isDeepStrictEqual(v, defaults[k])));
          const unset = Object.keys(defaults).filter((k) => !(k in config));
          if (unset.length === 0) renderValue(head, own, 0, lines);
          else {
            lines.push(head);
            renderEntries(own, 2, lines);
            for (const k of unset) lines.push(`  ${renderKey(k)}: ${UNSET_TEXT}`);
          }
        }
      }
    } else renderValue(`${renderKey(key)}:`, value, 0, lines);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A resource type with at least this many resources gets a `defaults` block: each attribute
 * value that at least DEFAULT_SHARE of them share is written once there instead of in each.
 */
const MIN_RESOURCES_FOR_DEFAULTS = 6;
const DEFAULT_SHARE = 0.75;
/** An attribute a resource does not have although its type's `defaults` block does. */
const UNSET_TEXT = '(unset)';
const UNSET = Symbol('unset');

function sharedValues(configs: Json[]): JsonObject {
  const objects = configs.filter((c): c is JsonObject => c !== null && typeof c === 'object' && !Array.isArray(c));
  if (objects.length < MIN_RESOURCES_FOR_DEFAULTS || objects.length !== configs.length) return {};
  const counts = new Map<string, { key: string; value: Json; count: number }>();
  for (const config of objects) {
    for (const [key, value] of Object.entries(config)) {
      const id = `${key}\0${JSON.stringify(value)}`;
      const entry = counts.get(id) ?? { key, value, count: 0 };
      entry.count++;
      counts.set(id, entry);
    }
  }
  const shared: JsonObject = {};
  for (const { key, value, count } of [...counts.values()].sort((a, b) => a.key.localeCompare(b.key))) {
    if (count >= DEFAULT_SHARE * objects.length && !(key in shared)) shared[key] = value;
  }
  return shared;
}

/** Top-level blocks written one header per resource: `resource "<type>" "<name>":`. */
const BLOCK_KINDS = ['resource', 'data'];
const BLOCK_HEADER = /^(resource|data) ("(?:[^"\\]|\\.)*") ("(?:[^"\\]|\\.)*"):(?= |$)/;
const DEFAULTS_HEADER = /^defaults ("(?:[^"\\]|\\.)*"):(?= |$)/;

function isTwoLevelMap(value: Json): value is { [type: string]: { [name: string]: Json } } {
  const isMap = (v: Json): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0;
  return isMap(value) && Object.values(value).every(isMap);
}

const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_.\/-]*$/;
const renderKey = (key: string) => (SIMPLE_KEY.test(key) ? key : JSON.stringify(key));
const pad = (indent: number) => ' '.repeat(indent);

function renderEntries(object: JsonObject, indent: number, lines: string[]): void {
  for (const [key, value] of Object.entries(object)) renderValue(`${pad(indent)}${renderKey(key)}:`, value, indent, lines);
}

/** Renders `value` after `head` (`key:` or `-`); anything on further lines goes at indent + 2. */
function renderValue(head: string, value: Json, indent: number, lines: string[]): void {
  const special = specialString(value);
  if (special) {
    lines.push(`${head} ${special.header}`);
    for (const line of special.lines) lines.push(line === '' ? '' : `${pad(indent + 2)}${line}`);
    return;
  }
  if (typeof value === 'string' && isJsonText(value)) {
    const parsed = JSON.parse(value) as Json;
    const flow = flowOf(parsed);
    if (flow !== undefined && fits(parsed, head.length + 6 + flow.length)) lines.push(`${head} json ${flow}`);
    else {
      lines.push(`${head} json`);
      renderBlock(parsed, indent + 2, lines);
    }
    return;
  }
  const flow = flowOf(value);
  if (flow !== undefined && (value === null || typeof value !== 'object' || fits(value, head.length + 1 + flow.length))) {
    lines.push(`${head} ${flow}`);
    return;
  }
  lines.push(head);
  renderBlock(value, indent + 2, lines);
}

/** A container on its own lines at `indent`: `key: value` entries, or `- value` items. */
function renderBlock(value: Json, indent: number, lines: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      const flow = flowOf(item);
      const isMapping = item !== null && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length > 0;
      if (isMapping && (flow === undefined || indent + 2 + flow.length > WIDTH)) {
        // A mapping item: its first entry shares the `- ` line (the dash stands in for two spaces).
        const start = lines.length;
        renderEntries(item, indent + 2, lines);
        lines[start] = `${pad(indent)}- ${lines[start].slice(indent + 2)}`;
      } else renderValue(`${pad(indent)}-`, item, indent, lines);
    }
    return;
  }
  renderEntries(value as JsonObject, indent, lines);
}

/**
 * One line for a value without special strings: JSON scalars, `[a, b]`, `{key: value}`.
 * Undefined when the value holds a string that renders on lines of its own.
 */
function flowOf(value: Json): string | undefined {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string' && (specialString(value) || isJsonText(value))) return undefined;
    return JSON.stringify(value);
  }
  const parts: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      const flow = flowOf(item);
      if (flow === undefined) return undefined;
      parts.push(flow);
    }
    return `[${parts.join(', ')}]`;
  }
  for (const [key, item] of Object.entries(value)) {
    const flow = flowOf(item);
    if (flow === undefined) return undefined;
    parts.push(`${renderKey(key)}: ${flow}`);
  }
  return `{${parts.join(', ')}}`;
}

/** A string laid out as lines: text, base64 of text, or Terraform's base64encode of text. */
function specialString(value: Json): { header: string; lines: string[] } | undefined {
  if (typeof value !== 'string') return undefined;
  const tfInner = /^\$\{base64encode\("(.*)"\)\}$/s.exec(value)?.[1];
  if (tfInner !== undefined) {
    const text = hclUnquote(tfInner);
    if (text !== undefined && hclQuote(text) === tfInner && isBlockText(text)) return textBlock('${base64encode} ', text);
  }
  const decoded = base64Text(value);
  if (decoded !== undefined && isBlockText(decoded)) return textBlock('base64 ', decoded);
  if (value.includes('\n') && isBlockText(value)) return textBlock('', value);
  return undefined;
}

/** `|` (the text ends with a newline, dropped from the lines) or `|-` (it does not). */
function textBlock(prefix: string, text: string): { header: string; lines: string[] } {
  const keepsNewline = text.endsWith('\n');
  const lines = expandNested((keepsNewline ? text.slice(0, -1) : text).split('\n'));
  return { header: `${prefix}${keepsNewline ? '|' : '|-'}`, lines };
}

/**
 * Each line holding a base64 token of readable text (cloud-init's `content: <base64>`) gets
 * the token replaced by a mark and is followed by the decoded text, each line prefixed `»`.
 */
function expandNested(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const match = BASE64_TOKEN.exec(line);
    const decoded = match ? base64Text(match[2]) : undefined;
    if (!match || decoded === undefined) {
      out.push(line);
      continue;
    }
    const keepsNewline = decoded.endsWith('\n');
    const at = match.index + match[1].length;
    out.push(`${line.slice(0, at)}${NESTED_MARK(keepsNewline)}${line.slice(at + match[2].length)}`);
    for (const nested of (keepsNewline ? decoded.slice(0, -1) : decoded).split('\n')) out.push(nested === '' ? NESTED : `${NESTED} ${nested}`);
  }
  return out;
}

/** The UTF-8 text a base64 string encodes, when it is exactly that text's encoding. */
function base64Text(value: string): string | undefined {
  if (value.length < MIN_BASE64_LENGTH || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
  const text = Buffer.from(value, 'base64').toString('utf8');
  if (Buffer.from(text, 'utf8').toString('base64') !== value || !isText(text)) return undefined;
  return text;
}

/** Printable text that survives being split into lines: no control characters but tab and newline. */
function isText(text: string): boolean {
  return !/[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/.test(text) && !/[ \t]$/m.test(text);
}

/** Text shown as lines: readable, and free of the characters that mark nested base64 (`«`, `»`). */
function isBlockText(text: string): boolean {
  return isText(text) && !/[«»]/.test(text);
}

/** A string that is exactly the compact JSON of an object or array (IAM policies, dashboards). */
function isJsonText(value: string): boolean {
  if (!(value.startsWith('{') || value.startsWith('[')) || value.length < 2) return false;
  try {
    const parsed = JSON.parse(value) as Json;
    return parsed !== null && typeof parsed === 'object' && JSON.stringify(parsed) === value;
  } catch {
    return false;
  }
}

/** A Terraform quoted string's characters, as HCL reads its escapes; undefined if unsure. */
function hclUnquote(inner: string): string | undefined {
  let out = '';
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '\\') {
      const next = inner[++i];
      const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
      if (next === undefined || !(next in simple)) return undefined;
      out += simple[next];
    } else if ((c === '$' || c === '%') && inner[i + 1] === c && inner[i + 2] === '{') {
      out += `${c}{`;
      i += 2;
    } else if (c === '"' || ((c === '$' || c === '%') && inner[i + 1] === '{')) {
      return undefined; // an interpolation or directive: not plain text
    } else out += c;
  }
  return out;
}

/** The inverse of hclUnquote. */
function hclQuote(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\$\{/g, '$${')
    .replace(/%\{/g, '%%{');
}

// ---------------------------------------------------------------------------------------------
// Reading back (for the test that the text loses nothing)

export function parseSnapshot(text: string): JsonObject {
  const lines = text.replace(/\n$/, '').split('\n');
  if (!lines[0]?.startsWith('# ')) throw new Error('a snapshot starts with its # header line');
  const reader = { lines, at: 1 };
  const document: JsonObject = {};
  const defaults = new Map<string, JsonObject>();
  while (reader.at < lines.length) {
    const line = lines[reader.at];
    const defaultsHeader = DEFAULTS_HEADER.exec(line);
    if (defaultsHeader) {
      reader.at++;
      defaults.set(JSON.parse(defaultsHeader[1]) as string, readValue(reader, line.slice(defaultsHeader[0].length).trimStart(), 0) as JsonObject);
      continue;
    }
    const header = BLOCK_HEADER.exec(line);
    if (header) {
      reader.at++;
      const type = JSON.parse(header[2]) as string;
      const byType = (document[header[1]] ??= {}) as JsonObject;
      const byName = (byType[type] ??= {}) as JsonObject;
      let value = readValue(reader, line.slice(header[0].length).trimStart(), 0);
      const shared = header[1] === 'resource' ? defaults.get(type) : undefined;
      if (shared && value !== null && typeof value === 'object' && !Array.isArray(value)) {
        value = Object.fromEntries(Object.entries({ ...shared, ...value }).filter(([, v]) => v !== (UNSET as unknown)));
      }
      byName[JSON.parse(header[3]) as string] = value;
      continue;
    }
    const key = keyOf(line);
    if (!key || indentOf(line) !== 0) throw new Error(`line ${reader.at + 1}: expected a top-level key or block header: ${line}`);
    reader.at++;
    document[key.key] = readValue(reader, line.slice(key.length).trimStart(), 0);
  }
  return document;
}

interface Reader {
  readonly lines: string[];
  at: number;
}

const indentOf = (line: string) => line.length - line.trimStart().length;

function readBlock(reader: Reader, indent: number): Json {
  const first = reader.lines[reader.at];
  if (first === undefined || indentOf(first) !== indent) throw new Error(`line ${reader.at + 1}: expected a block at indentation ${indent}`);
  if (first.slice(indent).startsWith('- ') || first.slice(indent) === '-') {
    const list: Json[] = [];
    while (reader.at < reader.lines.length && indentOf(reader.lines[reader.at]) === indent && reader.lines[reader.at].slice(indent).startsWith('-')) {
      const line = reader.lines[reader.at];
      const rest = line.slice(indent + 2);
      if (keyOf(rest)) {
        // A mapping item: read it as if the dash were two spaces.
        reader.lines[reader.at] = `${pad(indent + 2)}${rest}`;
        list.push(readBlock(reader, indent + 2));
      } else {
        reader.at++;
        list.push(readValue(reader, rest, indent));
      }
    }
    return list;
  }
  const object: JsonObject = {};
  while (reader.at < reader.lines.length && indentOf(reader.lines[reader.at]) === indent && reader.lines[reader.at] !== '') {
    const line = reader.lines[reader.at].slice(indent);
    const key = keyOf(line);
    if (!key) throw new Error(`line ${reader.at + 1}: expected "key:" in ${line}`);
    reader.at++;
    object[key.key] = readValue(reader, line.slice(key.length).trimStart(), indent);
  }
  return object;
}

/** The key at the start of `line` (`name:` or `"a key":`) and how many characters it takes. */
function keyOf(line: string): { key: string; length: number } | undefined {
  if (line.startsWith('"')) {
    const match = /^("(?:[^"\\]|\\.)*"):(?= |$)/.exec(line);
    return match ? { key: JSON.parse(match[1]) as string, length: match[0].length } : undefined;
  }
  const match = /^([A-Za-z_][A-Za-z0-9_.\/-]*):(?= |$)/.exec(line);
  return match ? { key: match[1], length: match[0].length } : undefined;
}

/** The value whose text after `key:` or `-` is `rest`; its further lines are at indent + 2. */
function readValue(reader: Reader, rest: string, indent: number): Json {
  if (rest === '') return readBlock(reader, indent + 2);
  const textHeader = /^(\$\{base64encode\} |base64 )?(\|-?)$/.exec(rest);
  if (textHeader) {
    const text = readText(reader, indent + 2, textHeader[2] === '|');
    if (textHeader[1] === 'base64 ') return Buffer.from(text, 'utf8').toString('base64');
    if (textHeader[1] === '${base64encode} ') return `\${base64encode("${hclQuote(text)}")}`;
    return text;
  }
  if (rest === UNSET_TEXT) return UNSET as unknown as Json;
  if (rest === 'json') return JSON.stringify(readBlock(reader, indent + 2));
  if (rest.startsWith('json ')) return JSON.stringify(readFlow(rest.slice(5)));
  return readFlow(rest);
}

/** The lines of a text block at `indent` (and its `»` lines), joined back into the string. */
function readText(reader: Reader, indent: number, keepsNewline: boolean): string {
  const lines: string[] = [];
  while (reader.at < reader.lines.length) {
    const line = reader.lines[reader.at];
    if (line !== '' && indentOf(line) < indent) break;
    lines.push(line === '' ? '' : line.slice(indent));
    reader.at++;
  }
  const text: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const mark = /«base64 (\|-?)»/.exec(lines[i]);
    if (!mark) {
      text.push(lines[i]);
      continue;
    }
    const nested: string[] = [];
    while (i + 1 < lines.length && (lines[i + 1] === NESTED || lines[i + 1].startsWith(`${NESTED} `))) nested.push(lines[++i].slice(2));
    const decoded = `${nested.join('\n')}${mark[1] === '|' ? '\n' : ''}`;
    text.push(lines[i - nested.length].replace(mark[0], Buffer.from(decoded, 'utf8').toString('base64')));
  }
  return `${text.join('\n')}${keepsNewline ? '\n' : ''}`;
}

/** A one-line value: JSON scalars, `[a, b]`, `{key: value}` with keys bare or quoted. */
function readFlow(text: string): Json {
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(`expected ${what} at column ${at + 1} of ${text}`);
  };
  const space = () => {
    while (text[at] === ' ') at++;
  };
  const value = (): Json => {
    space();
    const c = text[at];
    if (c === '[') {
      at++;
      const list: Json[] = [];
      space();
      if (text[at] === ']') return at++, list;
      for (;;) {
        list.push(value());
        space();
        if (text[at] === ',') at++;
        else if (text[at] === ']') return at++, list;
        else fail('"," or "]"');
      }
    }
    if (c === '{') {
      at++;
      const object: JsonObject = {};
      space();
      if (text[at] === '}') return at++, object;
      for (;;) {
        space();
        const key = keyOf(text.slice(at)) ?? fail('a key');
        at += key.length;
        object[key.key] = value();
        space();
        if (text[at] === ',') at++;
        else if (text[at] === '}') return at++, object;
        else fail('"," or "}"');
      }
    }
    const scalar = /^("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(at)) ?? fail('a value');
    at += scalar[0].length;
    return JSON.parse(scalar[0]) as Json;
  };
  const result = value();
  space();
  if (at !== text.length) fail('the end of the line');
  return result;
}
