import { Sourced, sourced } from './sourced';

/**
 * Per-unit figures this repo measures itself, and the one policy that turns a loopback
 * measurement into the figure the capacity model plans with.
 *
 * Every benchmark (`npm run bench:<name>`, test/bench/) runs the real server from Debian's
 * packages on 127.0.0.1 of a 2-vCPU machine, with the request mix's payload, and counts
 * throughput per CPU-second the server used (so a busy machine lowers the wall-clock rate,
 * not the figure). The figure used is `floor(measured x DERATING, to the figure's rounding)`,
 * and never more than a vendor's published peak where one exists: a vendor peak is an
 * upper bound, never a planning figure.
 */

/** One way production differs from the benchmark, and how much it costs. */
export interface DeratingFactor {
  readonly factor: number;
  readonly reason: string;
}

/**
 * The derating policy, the same for every figure. A figure that needs another factor does
 * not get one: its benchmark changes until this policy fits it.
 */
export const DERATING_POLICY = {
  payload: {
    factor: 1,
    reason:
      "none, because every benchmark runs the request mix's payload (4 KiB responses and cache values, 1 KiB request bodies); " +
      'a figure measured with smaller payloads is not admitted',
  },
  network: {
    factor: 0.8,
    reason:
      'loopback has no NIC: on EC2 the ENA driver, interrupts, softirq and segmentation cost CPU that loopback does not, and round trips are longer, ' +
      'so more connections and buffers are held per request',
  },
  neighbours: {
    factor: 0.85,
    reason:
      'production shares what the benchmark had to itself: node-level neighbours (other pods, DaemonSets, the mesh sidecar), memory bandwidth and ' +
      'last-level cache on the host, and bursts above the median the benchmark reports',
  },
  cores: {
    factor: 0.6,
    reason:
      "Graviton3 (Neoverse V1, 2.6 GHz; c7g, r7g, db.r7g, cache.r7g) against this machine's AMD EPYC Zen 5 core: both one core per vCPU, " +
      'Zen 5 well ahead in single-thread speed; 0.6 is an assumption until the same benchmarks run on a Graviton3 instance',
  },
} as const satisfies Record<string, DeratingFactor>;

/** The product of the policy's factors: measured loopback figure -> production figure. */
export const DERATING: number = Number(
  Object.values(DERATING_POLICY)
    .reduce((product, f) => product * f.factor, 1)
    .toPrecision(6),
);

/** The policy in one line, for sources and reports. */
export function deratingText(): string {
  return `x${DERATING} (payload ${DERATING_POLICY.payload.factor} x network ${DERATING_POLICY.network.factor} x neighbours ${DERATING_POLICY.neighbours.factor} x Graviton3 cores ${DERATING_POLICY.cores.factor})`;
}

/**
 * A figure measured by one of this repo's benchmarks. `value` (the `Sourced` value) is the
 * figure used: `min(derated, vendorUpperBound)`.
 */
export interface MeasuredFigure extends Sourced<number> {
  /** What one unit of the figure is, e.g. "mixed GET/SET operations per second per vCPU". */
  readonly unit: string;
  /** The raw figure the benchmark printed, per CPU-second (loopback, this machine). */
  readonly measuredHere: number;
  /** The exact workload: tool, versions, sizes, clients, runs, pinning. */
  readonly workload: string;
  /** The command that reproduces it. */
  readonly command: string;
  /** When it was measured (ISO date). */
  readonly date: string;
  /** The machine it was measured on. */
  readonly machine: string;
  /** The derating applied (the policy's product, DERATING). */
  readonly derating: number;
  /** `floor(measuredHere x derating)` to `roundTo`. */
  readonly derated: number;
  /** A vendor's published figure for the same unit, used only as a ceiling. */
  readonly vendorUpperBound?: Sourced<number>;
}

export interface MeasuredFigureInput {
  readonly unit: string;
  readonly measuredHere: number;
  readonly workload: string;
  readonly command: string;
  readonly date: string;
  readonly machine: string;
  /** Rounding of the derated figure (down). @default 100 */
  readonly roundTo?: number;
  readonly vendorUpperBound?: Sourced<number>;
}

/** Applies the policy: derate, round down, cap at the vendor's figure; writes the source. */
export function measuredFigure(input: MeasuredFigureInput): MeasuredFigure {
  const roundTo = input.roundTo ?? 100;
  if (!(input.measuredHere > 0) || !Number.isFinite(input.measuredHere)) throw new Error(`measured figure "${input.unit}" must be a positive number, not ${input.measuredHere}`);
  const derated = Math.floor((input.measuredHere * DERATING) / roundTo) * roundTo;
  const capped = input.vendorUpperBound !== undefined && input.vendorUpperBound.value < derated;
  const value = capped ? input.vendorUpperBound!.value : derated;
  const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
  const source =
    `this repo: ${input.command} (${input.date}; ${input.machine}): ${input.workload}; measured ${fmt(input.measuredHere)} ${input.unit} on loopback, ` +
    `derated ${deratingText()} = ${fmt(derated)}` +
    (input.vendorUpperBound ? `; vendor upper bound ${fmt(input.vendorUpperBound.value)} (${input.vendorUpperBound.source})${capped ? ', which caps it' : ', not reached'}` : '');
  return { ...sourced(value, source), unit: input.unit, measuredHere: input.measuredHere, workload: input.workload, command: input.command, date: input.date, machine: input.machine, derating: DERATING, derated, vendorUpperBound: input.vendorUpperBound };
}

// ---------------------------------------------------------------- the benchmarks

export const NGINX_BENCH_COMMAND = 'npm run bench:nginx';
export const CACHE_BENCH_COMMAND = 'npm run bench:cache';
export const POSTGRES_BENCH_COMMAND = 'npm run bench:postgres';
export const POOLER_BENCH_COMMAND = 'npm run bench:pooler';
export const SERVICE_BENCH_COMMAND = 'npm run bench:service';
