import autocannon = require('autocannon');

/**
 * One load phase with autocannon (npm): `connections` keep-alive connections, no
 * pipelining, each request chosen by `next()`, either as fast as the target answers or
 * capped at `overallRate` requests/s. Every response is recorded with its label (the path
 * prefix it went to), status, latency and, for 429, whether it carried Retry-After.
 */
export interface PlannedRequest {
  /** Groups the statistics: the service path prefix, or a tier check's name. */
  readonly label: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface DriveOptions {
  /** Base URL: scheme, host and port (a path prefix is kept). */
  readonly url: string;
  readonly connections: number;
  /** Seconds to run; ignored when `amount` is set. */
  readonly durationSeconds?: number;
  /** Stop after this many requests. */
  readonly amount?: number;
  /** Requests per second over all connections. @default - as fast as the target answers */
  readonly overallRate?: number;
  /** Seconds before a request counts as timed out. @default 10 */
  readonly timeoutSeconds?: number;
  readonly next: () => PlannedRequest;
}

export interface LabelStats {
  readonly label: string;
  requests: number;
  readonly statuses: Map<number, number>;
  /** Milliseconds, every response. */
  readonly latenciesMs: number[];
  /** 429s that carried Retry-After. */
  retryAfter: number;
  /** Order of responses (status per response) for tier checks. */
  readonly sequence: number[];
}

export interface DriveResult {
  readonly byLabel: Map<string, LabelStats>;
  readonly durationSeconds: number;
  /** Connection errors and timeouts (no HTTP status). */
  readonly errors: number;
  readonly timeouts: number;
  readonly requests: number;
}

function statsFor(map: Map<string, LabelStats>, label: string): LabelStats {
  let s = map.get(label);
  if (!s) {
    s = { label, requests: 0, statuses: new Map(), latenciesMs: [], retryAfter: 0, sequence: [] };
    map.set(label, s);
  }
  return s;
}

export async function drive(options: DriveOptions): Promise<DriveResult> {
  const byLabel = new Map<string, LabelStats>();
  const base = new URL(options.url);
  const prefix = base.pathname.replace(/\/+$/, '');
  // autocannon calls a request's onResponse and then, synchronously, emits 'response' with
  // the latency: the label and status of the response just parsed are these two.
  let last: { label: string; status: number } | undefined;
  let finished!: (error: Error | null, result: autocannon.Result) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => (finished = (error, result) => (error ? reject(error) : resolve(result))));
  const instance = autocannon({
    url: `${base.protocol}//${base.host}`,
    connections: options.connections,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.durationSeconds ?? 10 }),
    ...(options.overallRate !== undefined ? { overallRate: options.overallRate } : {}),
    timeout: options.timeoutSeconds ?? 10,
    pipelining: 1,
    requests: [
      {
        setupRequest: (req: autocannon.Request, context: Record<string, unknown>) => {
          const planned = options.next();
          context.label = planned.label;
          return {
            ...req,
            method: planned.method,
            path: `${prefix}${planned.path}`,
            headers: { ...planned.headers, ...(planned.body !== undefined ? { 'content-type': 'application/json' } : {}) },
            body: planned.body,
          } as autocannon.Request;
        },
        onResponse: (status: number, _body: string, context: Record<string, unknown>, headers?: Record<string, string>) => {
          const label = String(context.label);
          last = { label, status };
          const s = statsFor(byLabel, label);
          s.requests++;
          s.statuses.set(status, (s.statuses.get(status) ?? 0) + 1);
          s.sequence.push(status);
          if (status === 429 && headers && Object.keys(headers).some((h) => h.toLowerCase() === 'retry-after')) s.retryAfter++;
        },
      } as unknown as autocannon.Request,
    ],
  }, (error, result) => finished(error, result));
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTimeMs: number) => {
    if (last) statsFor(byLabel, last.label).latenciesMs.push(responseTimeMs);
    last = undefined;
  });
  const result = await done;
  return { byLabel, durationSeconds: result.duration, errors: result.errors, timeouts: result.timeouts, requests: result.requests.total };
}
