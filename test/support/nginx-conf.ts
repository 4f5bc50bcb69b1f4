/**
 * Reads a generated nginx.conf the way nginx does (directives, arguments, blocks; comments
 * and layout ignored), so tests assert what nginx will see: "the http block sets
 * keepalive_timeout 75s", not "the text contains a line".
 */
export interface Directive {
  readonly name: string;
  /** Arguments with nginx's quoting removed (`"ok\n"` is `ok\n`). */
  readonly args: readonly string[];
  /** The directives inside the block, for block directives (`http`, `server`, `location`). */
  readonly block?: readonly Directive[];
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) i++;
    else if (c === '#') while (i < text.length && text[i] !== '\n') i++;
    else if (c === '{' || c === '}' || c === ';') tokens.push(text[i++]);
    else if (c === '"' || c === "'") {
      let value = '';
      for (i++; text[i] !== c; i++) {
        if (i >= text.length) throw new Error(`unterminated ${c} string in nginx.conf`);
        if (text[i] === '\\' && i + 1 < text.length) value += text[++i] === 'n' ? '\n' : text[i];
        else value += text[i];
      }
      i++;
      tokens.push(`\u0000${value}`);
    } else {
      let word = '';
      while (i < text.length && !/[\s{};]/.test(text[i])) word += text[i++];
      tokens.push(word);
    }
  }
  return tokens;
}

/** Parses nginx.conf text; throws on unbalanced braces or a directive without `;`. */
export function parseNginxConf(text: string): Directive[] {
  const tokens = tokenize(text);
  let at = 0;
  const unquote = (t: string) => (t.startsWith('\u0000') ? t.slice(1) : t);
  const parseBlock = (nested: boolean): Directive[] => {
    const directives: Directive[] = [];
    for (;;) {
      if (at >= tokens.length) {
        if (nested) throw new Error('nginx.conf: unexpected end of file, a block is not closed');
        return directives;
      }
      if (tokens[at] === '}') {
        if (!nested) throw new Error('nginx.conf: unexpected "}"');
        at++;
        return directives;
      }
      const name = unquote(tokens[at++]);
      const args: string[] = [];
      while (at < tokens.length && tokens[at] !== ';' && tokens[at] !== '{' && tokens[at] !== '}') args.push(unquote(tokens[at++]));
      if (tokens[at] === ';') {
        at++;
        directives.push({ name, args });
      } else if (tokens[at] === '{') {
        at++;
        directives.push({ name, args, block: parseBlock(true) });
      } else throw new Error(`nginx.conf: directive "${name}" is not terminated by ";"`);
    }
  };
  return parseBlock(false);
}

/** Every directive called `name` in `directives` (not nested). */
export function all(directives: readonly Directive[], name: string): Directive[] {
  return directives.filter((d) => d.name === name);
}

/** The arguments of every `name` directive, e.g. `args(http, 'proxy_set_header')`. */
export function args(directives: readonly Directive[], name: string): string[][] {
  return all(directives, name).map((d) => [...d.args]);
}

/** The block of the only directive `name` with exactly these arguments; fails the test otherwise. */
export function block(directives: readonly Directive[], name: string, ...withArgs: string[]): Directive[] {
  const found = directives.filter((d) => d.name === name && d.block && d.args.join(' ') === withArgs.join(' '));
  if (found.length !== 1) throw new Error(`expected one "${[name, ...withArgs].join(' ')} { }" block, found ${found.length}`);
  return [...found[0].block!];
}

/** A block's directives as `name arg arg` lines (nested blocks as `name arg {`), for exact comparison. */
export function lines(directives: readonly Directive[]): string[] {
  return directives.map((d) => `${[d.name, ...d.args].join(' ')}${d.block ? ' {' : ''}`);
}
