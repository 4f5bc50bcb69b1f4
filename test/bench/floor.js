// The floor of a synth: node plus cdktf plus exactly the provider modules the stacks load
// (list passed as JSON in BENCH_FLOOR_MODULES). Nothing of this project is loaded.
require('cdktf');
require('constructs');
for (const mod of JSON.parse(process.env.BENCH_FLOOR_MODULES || '[]')) require(mod);
