// A transpile-only TypeScript loader for the cdktf app (cdktf.json `app`, `npm run synth`).
//
// Why not ts-node or @swc-node/register: both load the TypeScript compiler at start-up
// (~0.3 s, more than the whole synth of the reference app). This hook transpiles with
// @swc/core only on a cache miss and keeps the output in node_modules/.cache, keyed by the
// file's content, so a warm synth loads no compiler at all. Type checking stays in
// `npm test` (tsc --noEmit).
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');

const CACHE_DIR = path.join(__dirname, '..', 'node_modules', '.cache', 'cdktf-app-ts');
const SWC_OPTIONS = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022', keepClassNames: true },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
let swc;

function transpile(source, filename) {
  const key = crypto.createHash('sha256').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(CACHE_DIR, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    swc = swc || require('@swc/core');
    const { code } = swc.transformSync(source, { ...SWC_OPTIONS, filename });
    try {
      fs.mkdirSync(CACHE_DIR, { recursive: true });
      fs.writeFileSync(`${cached}.${process.pid}`, code);
      fs.renameSync(`${cached}.${process.pid}`, cached);
    } catch {
      // A read-only node_modules only costs the cache.
    }
    return code;
  }
}

Module._extensions['.ts'] = function loadTypeScript(module, filename) {
  module._compile(transpile(fs.readFileSync(filename, 'utf8'), filename), filename);
};
