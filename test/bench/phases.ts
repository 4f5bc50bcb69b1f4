/**
 * Where one synth's time goes, measured inside the process: run by `npm run bench` with the
 * app's loader, it does what stacks/main.ts does and writes the phase times (ms) as JSON to
 * the file named by BENCH_PHASES_OUT.
 */
import * as fs from 'fs';
import { dropTokenCreationTraces } from '../../stacks/token-traces';
import { buildApp } from '../../stacks/app';

const loaded = performance.now(); // since the process started: node, cdktf, providers, this package
dropTokenCreationTraces();
const app = buildApp({ outdir: process.env.BENCH_PHASES_OUTDIR });
const constructed = performance.now();
app.synth();
const synthesized = performance.now();
fs.writeFileSync(process.env.BENCH_PHASES_OUT!, JSON.stringify({ load: loaded, construct: constructed - loaded, synth: synthesized - constructed }));
