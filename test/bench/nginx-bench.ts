import * as fs from 'fs';
import * as path from 'path';
import { deployedNginx } from '../../stacks/deployed-nginx';
import { prod } from '../../stacks/environments';
import { DERATING, deratingText } from '../../lib/capacity/measured';
import { findTool, freePort, loopbackConfig, nginxPrefix, renderNginxConf, runWrk, startNginx, writeWrkScript } from '../support/nginx';
import { benchRequestMix, requestBody } from './workload';

/**
 * `npm run bench:nginx`: proxied requests per second per nginx worker on this machine,
 * with the prod nginx.conf (rate tiers, JSON access log, upstream keep-alive) in front of
 * a minimal nginx upstream that answers 200 with a 4 KiB JSON body (so the upstream costs
 * little and is not Node.js, and the payload is the request mix's). Loopback only. A benchmark, not a test: it prints, it does not assert.
 *
 * Per-worker throughput is measured in CPU time: proxied requests per CPU-second the edge
 * workers used, the median of three runs. Wall-clock requests/s per worker is printed too
 * but is only a lower bound that swings with whatever else runs on the machine (wrk and the
 * upstream share its cores). Loopback TCP work is charged to whichever side sends, which
 * roughly evens out for a proxy that both sends and receives on both sides.
 */
const DURATION_SECONDS = 8;
const RUNS = 3;
const CONNECTIONS = 64;
/**
 * The upstream answers with a JSON body of the request mix's response size (4 KiB), so the
 * payload is production's and the one derating policy of lib/capacity/measured.ts applies
 * as it does to every other measured figure.
 */
const RESPONSE_BODY = requestBody(benchRequestMix().averageResponseBytes, { ok: true });
const UPSTREAM_ADDRESSES = ['127.0.0.31', '127.0.0.32', '127.0.0.33'];

function cpuSecondsOf(pids: number[]): number {
  const ticks = 100; // USER_HZ on Linux
  return pids.reduce((sum, pid) => {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    // After the command: state is field 3, utime 14 and stime 15 (man 5 proc), so indexes 11 and 12.
    return sum + (Number(fields[11]) + Number(fields[12])) / ticks;
  }, 0);
}

function childrenOf(pid: number): number[] {
  const text = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return text ? text.split(/\s+/).map(Number) : [];
}

async function main(): Promise<void> {
  const missing = ['nginx', 'wrk'].filter((t) => !findTool(t));
  if (missing.length) {
    console.error(`bench:nginx needs ${missing.join(' and ')} (Debian: apt-get install nginx-light wrk)`);
    process.exit(1);
  }
  const upstreamPort = await freePort();
  const upstream = nginxPrefix();
  const upstreamConf = [
    `${upstream.runtime.user ? `user ${upstream.runtime.user};` : ''}`,
    'worker_processes 1;',
    `pid ${upstream.runtime.pidPath};`,
    `error_log ${upstream.runtime.errorLogPath} warn;`,
    'events { worker_connections 4096; }',
    'http {',
    '  access_log off;',
    `  client_body_temp_path ${upstream.dir}/body; proxy_temp_path ${upstream.dir}/proxy; fastcgi_temp_path ${upstream.dir}/fastcgi; uwsgi_temp_path ${upstream.dir}/uwsgi; scgi_temp_path ${upstream.dir}/scgi;`,
    '  keepalive_requests 100000;',
    '  server {',
    ...UPSTREAM_ADDRESSES.map((a) => `    listen ${a}:${upstreamPort};`),
    '    location = /health { return 200; }',
    // From a file: nginx refuses a 4 KiB `return` string ("too long parameter").
    `    location / { default_type application/json; root ${upstream.dir}; try_files /response.json =500; }`,
    '  }',
    '}',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(upstream.dir, 'response.json'), RESPONSE_BODY);
  const upstreamNginx = await startNginx(upstreamConf, upstream.dir, `http://${UPSTREAM_ADDRESSES[0]}:${upstreamPort}/health`);

  const { config } = deployedNginx(prod);
  const edge = nginxPrefix();
  const listenPort = await freePort();
  const loopback = loopbackConfig(config, {
    listenPort,
    statusPort: await freePort(),
    runtime: edge.runtime,
    upstreams: config.upstreams.map((u) => ({ ...u, port: upstreamPort, addresses: UPSTREAM_ADDRESSES })),
  });
  const base = `http://127.0.0.1:${listenPort}`;
  const edgeNginx = await startNginx(renderNginxConf(loopback), edge.dir, `${base}${config.healthPath}`);
  try {
    const workers = childrenOf(edgeNginx.process.pid!);
    const script = writeWrkScript(edge.dir, '/api/users/');
    // Warm up connections and caches, then measure.
    await runWrk(`${base}/`, { seconds: 2, connections: CONNECTIONS, threads: 1, script });
    const runs: { ok: number; errors: number; wallPerWorker: number; perCpuSecond: number; cpuSeconds: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const cpuBefore = cpuSecondsOf(workers);
      const result = await runWrk(`${base}/`, { seconds: DURATION_SECONDS, connections: CONNECTIONS, threads: 1, script });
      const cpuSeconds = cpuSecondsOf(workers) - cpuBefore;
      const ok = result.requests - result.non2xx;
      runs.push({ ok, errors: result.non2xx + result.socketErrors, wallPerWorker: result.requestsPerSecond / workers.length, perCpuSecond: ok / cpuSeconds, cpuSeconds });
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const perCpuSecond = median(runs.map((r) => r.perCpuSecond));
    const figure = Math.floor((perCpuSecond * DERATING) / 1_000) * 1_000;
    const os = require('os') as typeof import('os');
    console.log(
      [
        `nginx ${workers.length} workers (worker_processes auto) on ${os.cpus()[0].model.trim()}, ${os.cpus().length} CPUs; wrk 1 thread, ${CONNECTIONS} connections, ${RUNS} runs of ${DURATION_SECONDS} s; prod nginx.conf with JSON access log; ${RESPONSE_BODY.length}-byte responses; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
        ...runs.map(
          (r, i) =>
            `run ${i + 1}: ${r.ok} proxied OK, ${r.errors} errors; ${r.wallPerWorker.toFixed(0)} req/s per worker by wall clock (lower bound: cores shared with wrk and the upstream); ` +
            `${r.perCpuSecond.toFixed(0)} req per worker CPU-second (${r.cpuSeconds.toFixed(2)} CPU-s)`,
        ),
        `measured: median ${perCpuSecond.toFixed(0)} proxied requests per worker CPU-second`,
        `capacity model figure: floor(${perCpuSecond.toFixed(0)} ${deratingText()}, to 1,000) = ${figure} req/s per vCPU`,
      ].join('\n'),
    );
  } finally {
    await edgeNginx.stop();
    await upstreamNginx.stop();
    for (const dir of [edge.dir, upstream.dir]) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
