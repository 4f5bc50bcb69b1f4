import { Sourced, sourced } from './sourced';

/**
 * nginx requests/s per vCPU, measured by this repo's `npm run bench:nginx`
 * (test/bench/nginx-bench.ts): the prod nginx.conf (rate tiers, JSON access log, upstream
 * keep-alive, least_conn) proxying to a minimal nginx upstream over loopback, driven by wrk.
 */
export const NGINX_RPS_PER_VCPU: Sourced<number> = sourced(
  16_000,
  'this repo: npm run bench:nginx (Debian nginx 1.22.1, 2-vCPU AMD EPYC, prod nginx.conf, wrk 64 connections over loopback): ' +
    'median 32,889 proxied requests per worker CPU-second over 3 runs of 8 s (30,537 to 38,311), derated x0.5 for ~4 KiB production responses, ' +
    'real NIC interrupts and unmeasured Graviton cores = 16,000',
);
