// Preloaded (node --require) into a measured process: at exit, writes its peak RSS and the
// provider modules it loaded to the file named by BENCH_PROBE_OUT. Plain JS so it adds no
// transpile cost to what it measures.
const fs = require('fs');

process.on('exit', () => {
  const out = process.env.BENCH_PROBE_OUT;
  if (!out) return;
  const providerModules = Object.keys(require.cache)
    .map((file) => /node_modules\/(@cdktf\/provider-[a-z]+\/lib\/[^/]+)\/index\.js$/.exec(file))
    .filter(Boolean)
    .map((match) => match[1])
    .sort();
  fs.writeFileSync(out, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, providerModules }));
});
