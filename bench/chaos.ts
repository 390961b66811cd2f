/**
 * `npm run chaos`: the request path under faults. Steady open-loop load through the gateway (a
 * fixed rate, whatever the server does: resident / family / search, and a small share of a hostile
 * deeply nested query) while the population subgraph is killed and restarted, SIAK's register
 * tables are held locked (its nightly batch; MariaDB only), and a second stream of clients hangs up
 * mid-request. Checks that no request waits past its deadline (as the client measures it), that
 * memory comes back to its level before the test and that the processes stay up. Prints a markdown
 * summary, writes var/bench/chaos-latest.json (every request, and the once-a-second readings of
 * each process) and exits non-zero when a verdict fails. Settings: CHAOS_* in bench/config.ts.
 *
 * The timeline (D = CHAOS_DURATION_S): a warm-up of ordinary traffic rising to the full rate, and as
 * long idle (the memory baseline is read warm, at the end of it); then the load for D seconds, with
 * the subgraph SIGKILLed at 15 % and restarted CHAOS_SUBGRAPH_DOWN_S later, and SIAK locked for
 * CHAOS_SIAK_LOCK_S from 40 % (both lengths are for D = 60 and scale with D; CHAOS_FAULTS chooses
 * which happen); then an idle cool-down before memory is read again.
 */
import { issueToken } from '../gateway/src/auth/issue-token';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadSimConfig } from '../legacy-sim/config';
import { provisionEstate } from '../legacy-sim/provision';
import { startProcess, stopAll, waitUntilReady, type RunningProcess } from '../scripts/lib/processes';
import { loadBenchConfig, type BenchConfig } from './config';
import { loadSamples } from './samples';
import { SCENARIOS, type Samples } from './scenarios';
import { REPO_ROOT } from '@core/config/shared';
import { composeSupergraph } from '@core/schema/compose';

const ROOT = join(__dirname, '..');

// ---------------------------------------------------------------------------------------------
// What is recorded

// GRAPHQL_VALIDATION_FAILED: the hostile queries, refused at the gateway by its operation limits.
const OUTCOMES = ['data', 'DEADLINE_EXCEEDED', 'LEGACY_TIMEOUT', 'LEGACY_UNAVAILABLE', 'SUBGRAPH_UNAVAILABLE', 'GRAPHQL_VALIDATION_FAILED', 'other error', 'transport error'] as const;
type Outcome = (typeof OUTCOMES)[number] | 'hung up';
type Kind = 'resident' | 'family' | 'search' | 'hostile';
type Stream = 'main' | 'hangup';

interface RequestRecord {
  stream: Stream;
  kind: Kind;
  /** When it was due, when it was sent and when it ended, ms since the load started. */
  scheduledAt: number;
  sentAt: number;
  endedAt: number;
  outcome: Outcome;
  /** The code or message behind "other error" / "transport error". */
  detail?: string;
  status?: number;
  bytes: number;
  /** ms from sending to the TCP connection being established, for a new connection (a reused one has none). */
  connectMs?: number;
  /** The gateway's x-request-id, to find the request in its logs. */
  requestId?: string;
}

const latencyOf = (r: RequestRecord) => r.endedAt - r.sentAt;

/** One reading a second of each process: RSS (/proc), CPU (/proc), and from its /metrics the heap and event-loop delay. */
interface ProcessReading {
  pid?: number;
  rssKb?: number;
  /** % of one core since the previous reading. */
  cpu?: number;
  heapUsedMb?: number;
  /** The longest event-loop delay since the previous scrape (prom-client resets it on each scrape). */
  loopMaxMs?: number;
  /** The admin /metrics did not answer within 900 ms: the event loop is stuck (or the process is down). */
  unresponsive?: boolean;
}
interface Sample {
  /** ms since the load started (negative before it). */
  t: number;
  stage: Stage;
  gateway: ProcessReading;
  subgraph: ProcessReading;
  /** This process (the load generator): % of one core. */
  generatorCpu?: number;
  /** The whole machine, % of one core (200 = both cores busy), and what is left after the three processes above. */
  machineCpu?: number;
  otherCpu?: number;
  /** Connections waiting to be accepted on each listener (/proc/net/tcp), now. */
  acceptQueue: { gateway?: number; subgraph?: number };
  /** Since the previous reading, machine-wide: SYNs dropped because a listen queue was full, and SYNs resent. */
  listenOverflows?: number;
  synRetransmits?: number;
}
type Stage = 'cold' | 'warm-up' | 'idle before' | 'load' | 'drain' | 'cool-down';

interface Timeline {
  subgraphKilledAt?: number;
  subgraphRestartedAt?: number;
  subgraphReadyAt?: number;
  siakLockRequestedAt?: number;
  siakLockedAt?: number;
  siakReleasedAt?: number;
  loadEndedAt?: number;
  /** What went wrong with the test itself or the system under it. */
  problems: string[];
  /** What the test did not do, and why. */
  notes: string[];
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/** A deterministic PRNG (mulberry32), so two runs send the same mix in the same order. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function fmt(n: number | undefined, digits = 0): string {
  if (n === undefined || Number.isNaN(n)) return '–';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
const secs = (ms: number | undefined) => (ms === undefined ? '–' : `${fmt(ms / 1000, 1)} s`);
const mb = (kb: number | undefined) => (kb === undefined ? '–' : fmt(kb / 1024, 1));

function rssKb(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined; // the process is gone
  }
}

/** utime + stime in clock ticks (USER_HZ, 100 on Linux). */
function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}
const TICKS_PER_S = 100;

/** Current accept-queue length of the IPv4 listener on each port (a listening socket's rx_queue). */
function acceptQueues(ports: number[]): Map<number, number> {
  const out = new Map<number, number>();
  try {
    for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f[3] !== '0A') continue;
      const port = parseInt(f[1]!.split(':')[1]!, 16);
      if (ports.includes(port)) out.set(port, parseInt(f[4]!.split(':')[1]!, 16));
    }
  } catch {
    // not Linux: no figures
  }
  return out;
}

/** All CPUs' busy and total jiffies since boot (/proc/stat). */
function machineJiffies(): { busy: number; total: number } | undefined {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - f[3]! - f[4]!, total };
  } catch {
    return undefined;
  }
}

/** Machine-wide TCP counters (/proc/net/netstat, TcpExt). */
function tcpCounters(): { listenOverflows?: number; synRetransmits?: number } {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith('TcpExt:'));
    const names = lines[at]!.split(/\s+/);
    const values = lines[at + 1]!.split(/\s+/).map(Number);
    const get = (name: string) => (names.includes(name) ? values[names.indexOf(name)] : undefined);
    return { listenOverflows: get('ListenOverflows'), synRetransmits: get('TCPSynRetrans') };
  } catch {
    return {};
  }
}

/** Reads the gateway and the current subgraph once a second; `at` times are performance.now(). */
class Sampler {
  readonly samples: Sample[] = [];
  stage: Stage = 'cold';
  private timer: NodeJS.Timeout | undefined;
  private readonly lastTicks = new Map<number, { ticks: number; at: number }>();
  private lastSelf = { usage: process.cpuUsage(), at: performance.now() };

  private lastTcp = tcpCounters();
  private lastMachine = machineJiffies();
  private lastSample = performance.now();

  constructor(
    private readonly targets: () => Array<{ pid: number | undefined; adminUrl: string }>,
    private readonly ports: { gateway: number; subgraph: number },
  ) {}

  start(): void {
    this.read();
    this.timer = setInterval(() => this.read(), 1_000);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  read(): Sample {
    const at = performance.now();
    const [gw, sub] = this.targets().map((target) => this.readProcess(target.pid, target.adminUrl, at)) as [ProcessReading, ProcessReading];
    const usage = process.cpuUsage();
    const generatorCpu = ((usage.user + usage.system - this.lastSelf.usage.user - this.lastSelf.usage.system) / 1000 / (at - this.lastSelf.at)) * 100;
    this.lastSelf = { usage, at };
    const queues = acceptQueues([this.ports.gateway, this.ports.subgraph]);
    const tcp = tcpCounters();
    const delta = (a?: number, b?: number) => (a !== undefined && b !== undefined ? a - b : undefined);
    const sample: Sample = {
      t: at,
      stage: this.stage,
      gateway: gw,
      subgraph: sub,
      generatorCpu,
      acceptQueue: { gateway: queues.get(this.ports.gateway), subgraph: queues.get(this.ports.subgraph) },
      listenOverflows: delta(tcp.listenOverflows, this.lastTcp.listenOverflows),
      synRetransmits: delta(tcp.synRetransmits, this.lastTcp.synRetransmits),
    };
    this.lastTcp = tcp;
    const machine = machineJiffies();
    if (machine && this.lastMachine && machine.total > this.lastMachine.total && at - this.lastSample > 200) {
      const cores = (machine.total - this.lastMachine.total) / TICKS_PER_S / ((at - this.lastSample) / 1000);
      sample.machineCpu = ((machine.busy - this.lastMachine.busy) / (machine.total - this.lastMachine.total)) * cores * 100;
      sample.otherCpu = Math.max(0, sample.machineCpu - (gw.cpu ?? 0) - (sub.cpu ?? 0) - (generatorCpu ?? 0));
    }
    this.lastMachine = machine;
    this.lastSample = at;
    this.samples.push(sample);
    return sample;
  }

  private readProcess(pid: number | undefined, adminUrl: string, at: number): ProcessReading {
    const reading: ProcessReading = { pid, rssKb: rssKb(pid) };
    if (!pid || reading.rssKb === undefined) return reading;
    const ticks = cpuTicks(pid);
    const last = this.lastTicks.get(pid);
    if (ticks !== undefined) {
      if (last) reading.cpu = ((ticks - last.ticks) / TICKS_PER_S / ((at - last.at) / 1000)) * 100;
      this.lastTicks.set(pid, { ticks, at });
    }
    // Filled in when (if) the process answers; a stuck event loop does not answer in time.
    void fetch(`${adminUrl}/metrics`, { signal: AbortSignal.timeout(900) })
      .then(async (res) => {
        const text = await res.text();
        const value = (name: string) => {
          const match = new RegExp(`^gerbang_process_${name} ([0-9.e+-]+)$`, 'm').exec(text);
          return match ? Number(match[1]) : undefined;
        };
        const heap = value('nodejs_heap_size_used_bytes');
        const loop = value('nodejs_eventloop_lag_max_seconds');
        if (heap !== undefined) reading.heapUsedMb = heap / 1024 / 1024;
        if (loop !== undefined) reading.loopMaxMs = loop * 1000;
      })
      .catch(() => (reading.unresponsive = true));
    return reading;
  }
}

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => reject(new Error(`port ${port} is taken (${error.code}); set the CHAOS_*_PORT settings to free ports`)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

const isUp = (p: RunningProcess) => p.child.exitCode === null && p.child.signalCode === null;

// ---------------------------------------------------------------------------------------------
// The queries


/** `resident { family { members { family { members { … } } } } }`, `depth` family/members levels. */
function hostileQuery(depth: number): string {
  let inner = 'nik name';
  for (let level = 0; level < depth; level += 1) inner = `nik family { number members { ${inner} } }`;
  return `query Hostile($nik: String!) { resident(nik: $nik) { ${inner} } }`;
}

function bodies(samples: Samples, config: BenchConfig): (kind: Kind, i: number) => string {
  const hostile = hostileQuery(config.CHAOS_HOSTILE_DEPTH);
  const byName = new Map(SCENARIOS.map((s) => [s.name, s]));
  return (kind, i) => {
    if (kind === 'hostile') return JSON.stringify({ query: hostile, variables: { nik: samples.niks[i % samples.niks.length] }, operationName: 'Hostile' });
    const scenario = byName.get(kind);
    if (!scenario) throw new Error(`bench/scenarios.ts has no scenario "${kind}"`);
    return JSON.stringify(scenario.body(i, samples));
  };
}

// ---------------------------------------------------------------------------------------------
// The load: an open loop over node:http (one keep-alive agent, no socket limit)

interface GraphQLAnswer {
  data?: unknown;
  errors?: Array<{ extensions?: { code?: unknown } }>;
}

function classify(status: number, text: string): { outcome: Outcome; detail?: string } {
  let answer: GraphQLAnswer;
  try {
    answer = JSON.parse(text) as GraphQLAnswer;
  } catch {
    return { outcome: 'other error', detail: `HTTP ${status}, not JSON` };
  }
  const code = answer.errors?.[0]?.extensions?.code;
  if (answer.errors && answer.errors.length > 0) {
    const known = OUTCOMES.find((o) => o === code);
    if (known && known !== 'data' && known !== 'other error' && known !== 'transport error') return { outcome: known };
    return { outcome: 'other error', detail: typeof code === 'string' ? code : `HTTP ${status}, no code` };
  }
  if (status !== 200 || answer.data === undefined || answer.data === null) return { outcome: 'other error', detail: `HTTP ${status}, no data` };
  return { outcome: 'data' };
}

class LoadClient {
  readonly records: RequestRecord[] = [];
  inFlight = 0;
  peakInFlight = 0;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });
  private drained: (() => void) | undefined;
  private serial = 0;

  constructor(
    private readonly port: number,
    private readonly t0: () => number,
    private readonly clientTimeoutMs: number,
    /** The caller's credentials: a development administrator's token and a stated purpose. */
    private readonly credentials: Record<string, string>,
  ) {}

  /** Sends one request now; `hangUpAfterMs` makes the client leave that long after sending it. */
  send(stream: Stream, kind: Kind, body: string, scheduledAt: number, hangUpAfterMs?: number): void {
    const sentAt = this.t0();
    const record: RequestRecord = { stream, kind, scheduledAt, sentAt, endedAt: sentAt, outcome: 'transport error', bytes: 0 };
    this.inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    let done = false;
    let hungUp = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (outcome: Outcome, detail?: string, status?: number) => {
      if (done) return;
      done = true;
      for (const t of timers) clearTimeout(t);
      record.endedAt = this.t0();
      record.outcome = outcome;
      if (detail !== undefined) record.detail = detail;
      if (status !== undefined) record.status = status;
      this.records.push(record);
      this.inFlight -= 1;
      if (this.inFlight === 0) this.drained?.();
    };
    this.serial += 1;
    const req = httpRequest(
      {
        agent: this.agent,
        host: '127.0.0.1',
        port: this.port,
        path: '/graphql',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-correlation-id': `chaos-${stream}-${this.serial}`, ...this.credentials },
      },
      (res) => {
        const id = res.headers['x-request-id'];
        if (typeof id === 'string') record.requestId = id;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          record.bytes += chunk.length;
        });
        res.on('end', () => {
          const { outcome, detail } = classify(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'));
          finish(outcome, detail, res.statusCode);
        });
        res.on('error', (error: NodeJS.ErrnoException) => finish(hungUp ? 'hung up' : 'transport error', hungUp ? undefined : `${error.code ?? error.message} (mid-answer)`));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => finish(hungUp ? 'hung up' : 'transport error', hungUp ? undefined : (error.code ?? error.message)));
    // A new connection waits for the server to accept it: slow when its listen queue overflows.
    req.once('socket', (socket) => {
      if (socket.connecting) socket.once('connect', () => (record.connectMs = this.t0() - sentAt));
    });
    if (hangUpAfterMs !== undefined) {
      timers.push(
        setTimeout(() => {
          hungUp = true;
          req.destroy();
          finish('hung up');
        }, hangUpAfterMs),
      );
    }
    // A safety net far past the deadline: the client gives up and counts a transport error.
    timers.push(
      setTimeout(() => {
        req.destroy();
        finish('transport error', `no answer within ${this.clientTimeoutMs} ms (client gave up)`);
      }, this.clientTimeoutMs),
    );
    req.end(body);
  }

  /** Resolves when every request sent has ended (each has the client timeout at most). */
  async drain(): Promise<void> {
    if (this.inFlight === 0) return;
    await new Promise<void>((resolve) => (this.drained = resolve));
    this.drained = undefined;
  }

  /** Closes the idle keep-alive sockets: clients go away after the test. */
  close(): void {
    this.agent.destroy();
  }
}

interface RunPlan {
  durationMs: number;
  rate: number;
  hangupRate: number;
  hostileShare: number;
  /** Rise linearly from 10 % of the rates to all of them over this long (0: full rate at once). */
  rampMs?: number;
}

/**
 * When request n of a stream at `rate` per second is due (ms): n / rate, or along the linear ramp
 * from 10 % of the rate over `rampMs` (the inverse of N(t) = r0·t + (r − r0)·t² / 2T).
 */
function dueAt(n: number, rate: number, rampMs: number): number {
  const r = rate / 1000;
  if (rampMs <= 0) return n / r;
  const r0 = 0.1 * r;
  const rampCount = r0 * rampMs + ((r - r0) * rampMs) / 2;
  if (n >= rampCount) return rampMs + (n - rampCount) / r;
  const a = (r - r0) / (2 * rampMs);
  return (-r0 + Math.sqrt(r0 * r0 + 4 * a * n)) / (2 * a);
}

/** How many requests of a stream fall within `durationMs`. */
function countWithin(durationMs: number, rate: number, rampMs: number): number {
  let n = Math.floor((durationMs / 1000) * rate);
  while (n > 0 && dueAt(n - 1, rate, rampMs) >= durationMs) n -= 1;
  return n;
}

/**
 * Sends both streams on their own schedule: request n of a stream is due at n / rate (or along the
 * ramp), and is sent when due whatever is still in flight. Checks the clock every millisecond or two
 * and sends all that is due; the lag between due and sent is recorded (the load generator's health).
 */
async function offerLoad(client: LoadClient, plan: RunPlan, body: (kind: Kind, i: number) => string, t0: () => number, seed: number): Promise<void> {
  const random = prng(seed);
  const counters: Record<Kind, number> = { resident: 0, family: 0, search: 0, hostile: 0 };
  const ordinary: Kind[] = ['resident', 'family', 'search'];
  let mainSent = 0;
  let hangupSent = 0;
  const pickKind = (): Kind => (random() < plan.hostileShare ? 'hostile' : ordinary[Math.floor(random() * ordinary.length)]!);
  const ramp = plan.rampMs ?? 0;
  const mainTotal = countWithin(plan.durationMs, plan.rate, ramp);
  const hangupTotal = plan.hangupRate > 0 ? countWithin(plan.durationMs, plan.hangupRate, ramp) : 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = t0();
      while (mainSent < mainTotal && dueAt(mainSent, plan.rate, ramp) <= now) {
        const kind = pickKind();
        client.send('main', kind, body(kind, counters[kind]++), dueAt(mainSent, plan.rate, ramp));
        mainSent += 1;
      }
      while (hangupSent < hangupTotal && dueAt(hangupSent, plan.hangupRate, ramp) <= now) {
        const kind = pickKind();
        client.send('hangup', kind, body(kind, counters[kind]++), dueAt(hangupSent, plan.hangupRate, ramp), 20 + Math.floor(random() * 281));
        hangupSent += 1;
      }
      if (mainSent >= mainTotal && hangupSent >= hangupTotal) return resolve();
      setTimeout(tick, 1);
    };
    tick();
  });
}

// ---------------------------------------------------------------------------------------------
// The faults

/** SIAK's nightly batch as the officer tool runs it, in a child process: its output says when the lock is held. */
function runNightlyBatch(seconds: number, t0: () => number, timeline: Timeline): { child: ChildProcess; done: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'legacy-sim/siak/officer.ts'), 'nightly-batch', String(seconds)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    out += chunk;
    if (timeline.siakLockedAt === undefined && /locked/.test(out)) timeline.siakLockedAt = t0();
    if (timeline.siakReleasedAt === undefined && /released/.test(out)) timeline.siakReleasedAt = t0();
  });
  child.stderr!.on('data', (chunk: string) => (err += chunk));
  const done = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      if (timeline.siakLockedAt !== undefined && timeline.siakReleasedAt === undefined) timeline.siakReleasedAt = t0();
      if (code !== 0 && signal !== 'SIGKILL') timeline.problems.push(`siak:officer nightly-batch ${seconds} exited with ${code ?? signal}: ${(err || out).trim().slice(0, 500)}`);
      resolve();
    });
  });
  return { child, done };
}

// ---------------------------------------------------------------------------------------------
// The report

const PHASES = ['before', 'subgraph killed', 'between faults', 'SIAK locked', 'after'] as const;
type Phase = (typeof PHASES)[number];

function phaseOf(t: number, tl: Timeline): Phase {
  const killed = tl.subgraphKilledAt ?? Infinity;
  const ready = tl.subgraphReadyAt ?? Infinity;
  const locked = tl.siakLockedAt ?? Infinity;
  const released = tl.siakReleasedAt ?? Infinity;
  if (t < killed) return 'before';
  if (t < ready) return 'subgraph killed';
  if (t < locked) return 'between faults';
  if (t < released) return 'SIAK locked';
  return 'after';
}

interface Row {
  label: string;
  from?: number;
  to?: number;
  offered: number;
  answered: number;
  outcomes: Record<string, number>;
  p50: number;
  p99: number;
  max: number;
  overDeadline: number;
  maxKb: number;
}

function summarise(label: string, records: RequestRecord[], limitMs: number, span?: { from?: number; to?: number }): Row {
  const outcomes: Record<string, number> = Object.fromEntries(OUTCOMES.map((o) => [o, 0]));
  for (const r of records) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  const latencies = records.map(latencyOf).sort((a, b) => a - b);
  return {
    label,
    from: span?.from,
    to: span?.to,
    offered: records.length,
    answered: records.filter((r) => r.status !== undefined).length,
    outcomes,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.length ? latencies[latencies.length - 1]! : NaN,
    overDeadline: records.filter((r) => latencyOf(r) > limitMs).length,
    maxKb: records.reduce((m, r) => Math.max(m, r.bytes), 0) / 1024,
  };
}

function table(first: string, rows: Row[], withSpan: boolean): string[] {
  const head = [first, ...(withSpan ? ['from', 'to'] : []), 'offered', 'answered', ...OUTCOMES, 'p50 ms', 'p99 ms', 'max ms', 'over limit', ...(withSpan ? [] : ['max answer KB'])];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const r of rows) {
    const cells = [
      r.label,
      ...(withSpan ? [secs(r.from), secs(r.to)] : []),
      fmt(r.offered),
      fmt(r.answered),
      ...OUTCOMES.map((o) => fmt(r.outcomes[o] ?? 0)),
      fmt(r.p50),
      fmt(r.p99),
      fmt(r.max),
      fmt(r.overDeadline),
      ...(withSpan ? [] : [fmt(r.maxKb, 1)]),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines;
}

function countBy<T>(items: T[], key: (item: T) => string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

const listCounts = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ') || 'none';

function meanOf(values: Array<number | undefined>): number | undefined {
  const present = values.filter((v): v is number => v !== undefined);
  return present.length ? present.reduce((a, b) => a + b, 0) / present.length : undefined;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const config = loadBenchConfig();
  const sim = loadSimConfig();
  const backend = sim.storage.mysqlUrl ? 'MariaDB' : 'SQLite';
  const started = Date.now();
  const D = config.CHAOS_DURATION_S * 1000;
  const scale = config.CHAOS_DURATION_S / 60;
  const deadlineMs = config.CHAOS_DEADLINE_MS;
  const limitMs = deadlineMs + config.CHAOS_DEADLINE_SLACK_MS;
  const downMs = Math.max(1_000, config.CHAOS_SUBGRAPH_DOWN_S * 1000 * scale);
  // The lock must outlast the deadline, or it tests nothing.
  const lockS = Math.max(Math.ceil(deadlineMs / 1000) + 1, Math.round(config.CHAOS_SIAK_LOCK_S * scale));
  const clientTimeoutMs = deadlineMs * 3 + 10_000;
  const credentials = { authorization: `Bearer ${await issueToken({ sub: 'chaos-administrator', roles: ['ADMINISTRATOR'], tenant: 'tangsel', ttlS: 6 * 3600 })}`, 'x-purpose': 'chaos run' };
  const wanted = new Set(config.CHAOS_FAULTS.split(',').map((f) => f.trim()).filter(Boolean));

  for (const p of [config.CHAOS_GATEWAY_PORT, config.CHAOS_POPULATION_PORT, config.CHAOS_GATEWAY_ADMIN_PORT, config.CHAOS_POPULATION_ADMIN_PORT]) await assertPortFree(p);
  await provisionEstate(sim.storage, sim.world, { log: (l) => process.stderr.write(l + '\n') });
  const samples = await loadSamples();
  const body = bodies(samples, config);

  const populationUrl = `http://127.0.0.1:${config.CHAOS_POPULATION_PORT}`;
  const gatewayUrl = `http://127.0.0.1:${config.CHAOS_GATEWAY_PORT}`;
  const logLevel = config.CHAOS_LOG_LEVEL;
  const subgraphEnv = { GERBANG_DEV_MODE: '1', POPULATION_PORT: String(config.CHAOS_POPULATION_PORT), POPULATION_ADMIN_PORT: String(config.CHAOS_POPULATION_ADMIN_PORT), GERBANG_LOG_LEVEL: logLevel };
  // The supergraph of the one subgraph the chaos run starts (the committed one names every subgraph).
  const supergraph = join(REPO_ROOT, 'var', 'bench', 'supergraph-population.graphql');
  mkdirSync(dirname(supergraph), { recursive: true });
  writeFileSync(supergraph, composeSupergraph(['population']));
  const gatewayEnv = {
    GERBANG_DEV_MODE: '1',
    GERBANG_SUPERGRAPH_PATH: supergraph,
    // One load generator, one address: the gateway's rate limits would be the only thing measured.
    GATEWAY_RATE_LIMIT_PER_ADDRESS: 'off',
    GATEWAY_RATE_LIMIT_PER_PRINCIPAL: 'off',
    GATEWAY_PORT: String(config.CHAOS_GATEWAY_PORT),
    GATEWAY_ADMIN_PORT: String(config.CHAOS_GATEWAY_ADMIN_PORT),
    SUBGRAPH_POPULATION_URL: `${populationUrl}/graphql`,
    GATEWAY_REQUEST_DEADLINE_MS: String(deadlineMs),
    GERBANG_LOG_LEVEL: logLevel,
  };

  const running: RunningProcess[] = [];
  let batch: { child: ChildProcess; done: Promise<void> } | undefined;
  let stopping = false;
  let t0Perf = performance.now();
  const t0 = () => performance.now() - t0Perf;
  const timeline: Timeline = { problems: [], notes: [] };
  /** Exits nobody asked for (our own SIGKILL and the final stop are expected). */
  const unexpectedExits: string[] = [];
  const expectedKill = new Set<number>();
  const watch = (proc: RunningProcess) => {
    void proc.exited.then((code) => {
      if (stopping || (proc.child.pid !== undefined && expectedKill.has(proc.child.pid))) return;
      const what = `${proc.name} (pid ${proc.child.pid}) exited on its own at ${secs(t0())}: ${code ?? proc.child.signalCode}`;
      unexpectedExits.push(what);
      process.stderr.write(`chaos: ${what}\n`);
    });
  };

  const onSignal = () => {
    process.stderr.write('\nchaos: interrupted; stopping…\n');
    stopping = true;
    batch?.child.kill('SIGKILL');
    void stopAll(running).then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    let sub = startProcess('population subgraph', 'subgraphs/population/src/index.ts', subgraphEnv);
    running.push(sub);
    watch(sub);
    await waitUntilReady(sub, `${populationUrl}/readyz`);
    const gw = startProcess('gateway', 'gateway/src/index.ts', gatewayEnv);
    running.push(gw);
    watch(gw);
    await waitUntilReady(gw, `${gatewayUrl}/readyz`);
    const firstSubgraphPid = sub.child.pid;
    const gatewayPid = gw.child.pid;

    // Memory, CPU and event-loop delay, once a second from the start.
    const sampler = new Sampler(() => [
      { pid: isUp(gw) ? gatewayPid : undefined, adminUrl: `http://127.0.0.1:${config.CHAOS_GATEWAY_ADMIN_PORT}` },
      { pid: isUp(sub) ? sub.child.pid : undefined, adminUrl: `http://127.0.0.1:${config.CHAOS_POPULATION_ADMIN_PORT}` },
    ], { gateway: config.CHAOS_GATEWAY_PORT, subgraph: config.CHAOS_POPULATION_PORT });
    sampler.start();
    const memory = sampler.samples;

    const plan: RunPlan = { durationMs: D, rate: config.CHAOS_RATE, hangupRate: config.CHAOS_HANGUP_RATE, hostileShare: config.CHAOS_HOSTILE_SHARE };
    // Warm-up: ordinary traffic only (no hostile query, nobody hanging up, no faults), then as long
    // idle as the cool-down: the baseline is the processes' memory warm, after normal work.
    let warm: LoadClient | undefined;
    if (config.CHAOS_WARMUP_S > 0) {
      sampler.stage = 'warm-up';
      process.stderr.write(`chaos: warm-up, ${config.CHAOS_WARMUP_S}s\n`);
      warm = new LoadClient(config.CHAOS_GATEWAY_PORT, t0, clientTimeoutMs, credentials);
      t0Perf = performance.now();
      // The rate rises over the first half, so that code is compiled and plans cached before the full rate.
      await offerLoad(warm, { ...plan, durationMs: config.CHAOS_WARMUP_S * 1000, hostileShare: 0, hangupRate: 0, rampMs: (config.CHAOS_WARMUP_S * 1000) / 2 }, body, t0, 1);
      await warm.drain();
      warm.close();
    }
    sampler.stage = 'idle before';
    process.stderr.write(`chaos: idle ${config.CHAOS_COOLDOWN_S}s for the memory baseline\n`);
    await sleep(config.CHAOS_COOLDOWN_S * 1000);
    const baselineSamples = memory.slice(-3);

    // The test.
    const client = new LoadClient(config.CHAOS_GATEWAY_PORT, t0, clientTimeoutMs, credentials);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    const planned = [wanted.has('kill') ? `subgraph killed at ${secs(0.15 * D)} for ${secs(downMs)}` : '', wanted.has('siak') && sim.storage.mysqlUrl ? `SIAK locked from ${secs(0.4 * D)} for ${lockS}s` : ''].filter(Boolean);
    process.stderr.write(`chaos: ${config.CHAOS_RATE} req/s (+${config.CHAOS_HANGUP_RATE} req/s hanging up) for ${config.CHAOS_DURATION_S}s on ${backend}; ${planned.join(', ') || 'no faults'}\n`);
    t0Perf = performance.now();
    const loadStartedPerf = t0Perf;
    sampler.stage = 'load';
    loop.enable();

    const faults = (async () => {
      try {
        // (1) The subgraph is killed outright and restarted a few seconds later.
        if (!wanted.has('kill')) {
          timeline.notes.push('subgraph killed: not asked for (CHAOS_FAULTS)');
        } else {
          await sleep(0.15 * D - t0());
          if (stopping) return;
          const victim = sub;
          if (victim.child.pid !== undefined) expectedKill.add(victim.child.pid);
          timeline.subgraphKilledAt = t0();
          process.stderr.write(`chaos: ${secs(t0())} SIGKILL population subgraph (pid ${victim.child.pid})\n`);
          victim.child.kill('SIGKILL');
          await victim.exited;
          await sleep(timeline.subgraphKilledAt + downMs - t0());
          if (stopping) return;
          timeline.subgraphRestartedAt = t0();
          sub = startProcess('population subgraph', 'subgraphs/population/src/index.ts', subgraphEnv);
          running[running.indexOf(victim)] = sub;
          watch(sub);
          try {
            await waitUntilReady(sub, `${populationUrl}/readyz`);
            timeline.subgraphReadyAt = t0();
            process.stderr.write(`chaos: ${secs(t0())} population subgraph restarted (pid ${sub.child.pid}) and ready\n`);
          } catch (error) {
            timeline.problems.push(`the restarted subgraph did not become ready: ${error instanceof Error ? error.message : String(error)}`);
          }
        }

        // (2) SIAK's nightly batch holds the register tables; every reader waits in the database.
        // Only on MariaDB: in WAL mode SQLite never makes a reader wait, and the officer tool refuses.
        if (!wanted.has('siak')) {
          timeline.notes.push('SIAK slowed: not asked for (CHAOS_FAULTS)');
          return;
        }
        if (!sim.storage.mysqlUrl) {
          timeline.notes.push('SIAK slowed: skipped on SQLite (siak:officer nightly-batch locks the register tables on MariaDB only); run with MYSQL_URL for this fault');
          return;
        }
        await sleep(Math.max(0.4 * D, (timeline.subgraphReadyAt ?? t0()) + 1_000) - t0());
        if (stopping) return;
        timeline.siakLockRequestedAt = t0();
        process.stderr.write(`chaos: ${secs(t0())} siak:officer nightly-batch ${lockS}\n`);
        batch = runNightlyBatch(lockS, t0, timeline);
        // The lock must be taken promptly, or the fault is not the one planned: give up on it.
        const lockWaitMs = Math.max(5_000, 0.1 * D);
        const gaveUp = setTimeout(() => {
          if (timeline.siakLockedAt !== undefined) return;
          timeline.problems.push(`SIAK slowed: NOT APPLIED. siak:officer nightly-batch did not hold the register tables within ${fmt(lockWaitMs / 1000)} s of asking; stopped it`);
          batch?.child.kill('SIGKILL');
        }, lockWaitMs);
        await batch.done;
        clearTimeout(gaveUp);
        process.stderr.write(`chaos: SIAK locked ${secs(timeline.siakLockedAt)} – ${secs(timeline.siakReleasedAt)}\n`);
      } catch (error) {
        timeline.problems.push(`a fault could not be run: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();

    await offerLoad(client, plan, body, t0, 20261129);
    timeline.loadEndedAt = t0();
    loop.disable();
    sampler.stage = 'drain';
    await faults;
    await client.drain();
    client.close();
    if (timeline.siakLockedAt !== undefined && timeline.siakReleasedAt !== undefined && timeline.siakReleasedAt > D) timeline.problems.push('SIAK was still locked when the load ended: the "after" phase is empty; use a longer CHAOS_DURATION_S');

    sampler.stage = 'cool-down';
    process.stderr.write(`chaos: load done at ${secs(t0())}; idle ${config.CHAOS_COOLDOWN_S}s\n`);
    await sleep(config.CHAOS_COOLDOWN_S * 1000);
    sampler.read();
    sampler.stop();
    await sleep(1_000); // the last scrapes
    for (const s of memory) s.t = Math.round(s.t - loadStartedPerf);
    const afterSamples = memory.filter((s) => s.stage === 'cool-down').slice(-3);

    // The end state.
    let readyz: { status: number; body: string };
    try {
      const res = await fetch(`${gatewayUrl}/readyz`, { signal: AbortSignal.timeout(5_000) });
      readyz = { status: res.status, body: (await res.text()).slice(0, 500) };
    } catch (error) {
      readyz = { status: 0, body: error instanceof Error ? error.message : String(error) };
    }
    const gatewayUp = isUp(gw) && gw.child.pid === gatewayPid;
    const subgraphUp = isUp(sub) && (!wanted.has('kill') || sub.child.pid !== firstSubgraphPid);

    // ---- figures
    const main = client.records.filter((r) => r.stream === 'main');
    const hangups = client.records.filter((r) => r.stream === 'hangup');
    const spans: Record<Phase, { from?: number; to?: number }> = {
      before: { from: 0, to: timeline.subgraphKilledAt ?? D },
      'subgraph killed': { from: timeline.subgraphKilledAt, to: timeline.subgraphReadyAt },
      'between faults': { from: timeline.subgraphReadyAt, to: timeline.siakLockedAt ?? D },
      'SIAK locked': { from: timeline.siakLockedAt, to: timeline.siakReleasedAt },
      after: { from: timeline.siakReleasedAt, to: D },
    };
    const phaseRows = PHASES.map((p) => summarise(p, main.filter((r) => phaseOf(r.scheduledAt, timeline) === p), limitMs, spans[p]));
    phaseRows.push(summarise('all', main, limitMs, { from: 0, to: D }));
    if (warm) phaseRows.unshift(summarise('warm-up (no faults, no hostile queries)', warm.records, limitMs, { from: -(config.CHAOS_WARMUP_S + config.CHAOS_COOLDOWN_S) * 1000, to: -config.CHAOS_COOLDOWN_S * 1000 }));
    const kindRows = (['resident', 'family', 'search', 'hostile'] as Kind[]).map((k) => summarise(k, main.filter((r) => r.kind === k), limitMs));
    const late = main.filter((r) => latencyOf(r) > limitMs).sort((a, b) => latencyOf(b) - latencyOf(a));
    const lags = client.records.map((r) => r.sentAt - r.scheduledAt).sort((a, b) => a - b);

    type Who = 'gateway' | 'subgraph';
    const level = (samples: Sample[], who: Who) => ({ rssKb: meanOf(samples.map((x) => x[who].rssKb)), heapUsedMb: meanOf(samples.map((x) => x[who].heapUsedMb)) });
    const loadSamplesMem = memory.filter((x) => x.stage === 'load' || x.stage === 'drain');
    const peakOf = (who: Who) => Math.max(...loadSamplesMem.map((x) => x[who].rssKb ?? 0));
    const mem = {
      gateway: { cold: level(memory.slice(0, 1), 'gateway'), before: level(baselineSamples, 'gateway'), peakRssKb: peakOf('gateway'), after: level(afterSamples, 'gateway') },
      subgraph: { cold: level(memory.slice(0, 1), 'subgraph'), before: level(baselineSamples, 'subgraph'), peakRssKb: peakOf('subgraph'), after: level(afterSamples, 'subgraph') },
    };
    const ratio = (a?: number, b?: number) => (a !== undefined && b !== undefined && b > 0 ? a / b : undefined);
    const gatewayRatio = ratio(mem.gateway.after.rssKb, mem.gateway.before.rssKb);
    const subgraphRatio = ratio(mem.subgraph.after.rssKb, mem.subgraph.before.rssKb);

    // What the processes were doing in each phase: CPU, the longest event-loop delay, scrapes unanswered.
    const systemRows = ['warm-up', 'idle before', ...PHASES, 'cool-down'].map((p) => {
      const inPhase = memory.filter((x) => (p === 'cool-down' || p === 'warm-up' || p === 'idle before' ? x.stage === p : x.stage === 'load' && phaseOf(x.t, timeline) === p));
      const maxOf = (values: Array<number | undefined>) => (values.some((v) => v !== undefined) ? Math.max(...values.filter((v): v is number => v !== undefined)) : undefined);
      return {
        phase: p,
        seconds: inPhase.length,
        gatewayCpu: meanOf(inPhase.map((x) => x.gateway.cpu)),
        subgraphCpu: meanOf(inPhase.map((x) => x.subgraph.cpu)),
        generatorCpu: meanOf(inPhase.map((x) => x.generatorCpu)),
        otherCpu: meanOf(inPhase.map((x) => x.otherCpu)),
        gatewayLoopMaxMs: maxOf(inPhase.map((x) => x.gateway.loopMaxMs)),
        subgraphLoopMaxMs: maxOf(inPhase.map((x) => x.subgraph.loopMaxMs)),
        gatewayUnresponsive: inPhase.filter((x) => x.gateway.unresponsive).length,
        subgraphUnresponsive: inPhase.filter((x) => x.subgraph.pid !== undefined && x.subgraph.unresponsive).length,
        gatewayRssMaxKb: maxOf(inPhase.map((x) => x.gateway.rssKb)),
        subgraphRssMaxKb: maxOf(inPhase.map((x) => x.subgraph.rssKb)),
        gatewayAcceptQueueMax: maxOf(inPhase.map((x) => x.acceptQueue.gateway)),
        subgraphAcceptQueueMax: maxOf(inPhase.map((x) => x.acceptQueue.subgraph)),
        listenOverflows: inPhase.reduce((n, x) => n + (x.listenOverflows ?? 0), 0),
        synRetransmits: inPhase.reduce((n, x) => n + (x.synRetransmits ?? 0), 0),
      };
    });

    const deadlineOk = late.length === 0 && main.length > 0;
    const memoryOk = gatewayRatio !== undefined && subgraphRatio !== undefined && gatewayRatio <= 1 + config.CHAOS_MEMORY_TOLERANCE && subgraphRatio <= 1 + config.CHAOS_MEMORY_TOLERANCE;
    const processesOk = gatewayUp && subgraphUp && unexpectedExits.length === 0 && readyz.status === 200 && (!wanted.has('kill') || timeline.subgraphReadyAt !== undefined);
    const yes = (ok: boolean) => (ok ? 'yes' : 'no');

    const hangupOutcomes = countBy(hangups, (r) => (r.outcome === 'hung up' ? 'hung up by the client' : `answered first: ${r.outcome}`));
    const lines = [
      `## Chaos: ${backend}, world ${fmt(sim.world.scale)} residents, ${fmt(config.CHAOS_RATE)} req/s for ${config.CHAOS_DURATION_S} s, deadline ${fmt(deadlineMs)} ms`,
      '',
      `Open loop through the gateway: resident / family / search in equal shares, ${fmt(config.CHAOS_HOSTILE_SHARE * 100, 1)} % a ${config.CHAOS_HOSTILE_DEPTH}-level nested family/members query; ` +
        `plus ${fmt(config.CHAOS_HANGUP_RATE)} req/s of the same mix whose clients hang up after 20–300 ms. Warm-up ${config.CHAOS_WARMUP_S} s and ${config.CHAOS_COOLDOWN_S} s idle before, ${config.CHAOS_COOLDOWN_S} s idle after.`,
      '',
      'Faults: ' +
        (timeline.subgraphKilledAt === undefined
          ? 'population subgraph not killed (see the notes); '
          : `population subgraph SIGKILLed at ${secs(timeline.subgraphKilledAt)}, restarted at ${secs(timeline.subgraphRestartedAt)}, ready at ${secs(timeline.subgraphReadyAt)}; `) +
        (timeline.siakLockRequestedAt === undefined
          ? 'SIAK not slowed (see the notes).'
          : `SIAK nightly batch (${lockS} s) requested at ${secs(timeline.siakLockRequestedAt)}, tables locked ${secs(timeline.siakLockedAt)} – ${secs(timeline.siakReleasedAt)}.`),
      '',
      `Latency is measured by the client from sending to the last byte; a request counts in the phase it was due in. "over limit": longer than deadline + ${config.CHAOS_DEADLINE_SLACK_MS} ms = ${fmt(limitMs)} ms.`,
      '',
      ...table('phase', phaseRows, true),
      '',
      ...table('query', kindRows, false),
      '',
      `Other errors: ${listCounts(countBy(main.filter((r) => r.outcome === 'other error'), (r) => r.detail))}. Transport errors: ${listCounts(countBy(main.filter((r) => r.outcome === 'transport error'), (r) => r.detail))}.`,
      '',
      `Clients hanging up: ${fmt(hangups.length)} requests; ${listCounts(hangupOutcomes)}.`,
      '',
      '| process | RSS cold MB | RSS before MB | RSS peak MB | RSS after MB | after / before | heap used before MB | heap used after MB |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      `| gateway (pid ${gatewayPid}) | ${mb(mem.gateway.cold.rssKb)} | ${mb(mem.gateway.before.rssKb)} | ${mb(mem.gateway.peakRssKb)} | ${mb(mem.gateway.after.rssKb)} | ${fmt(gatewayRatio, 2)} | ${fmt(mem.gateway.before.heapUsedMb, 1)} | ${fmt(mem.gateway.after.heapUsedMb, 1)} |`,
      `| population subgraph (pid ${firstSubgraphPid} → ${sub.child.pid}) | ${mb(mem.subgraph.cold.rssKb)} | ${mb(mem.subgraph.before.rssKb)} | ${mb(mem.subgraph.peakRssKb)} | ${mb(mem.subgraph.after.rssKb)} | ${fmt(subgraphRatio, 2)} | ${fmt(mem.subgraph.before.heapUsedMb, 1)} | ${fmt(mem.subgraph.after.heapUsedMb, 1)} |`,
      '',
      `(cold: just started; before: mean of the last 3 s of the idle period after the warm-up; peak: during the load; after: mean of the last 3 s of the cool-down; heap used from each process's /metrics. The subgraph's "after" is the restarted process.)`,
      '',
      '| phase | s sampled | CPU % gateway / subgraph / load generator / everything else | event-loop delay max ms gateway / subgraph | s unresponsive gateway / subgraph | accept queue max gateway / subgraph | listen overflows / SYN resent | RSS max MB gateway / subgraph |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...systemRows.map(
        (r) =>
          `| ${r.phase} | ${r.seconds} | ${fmt(r.gatewayCpu)} / ${fmt(r.subgraphCpu)} / ${fmt(r.generatorCpu)} / ${fmt(r.otherCpu)} | ${fmt(r.gatewayLoopMaxMs)} / ${fmt(r.subgraphLoopMaxMs)} | ${r.gatewayUnresponsive} / ${r.subgraphUnresponsive} | ${fmt(r.gatewayAcceptQueueMax)} / ${fmt(r.subgraphAcceptQueueMax)} | ${fmt(r.listenOverflows)} / ${fmt(r.synRetransmits)} | ${mb(r.gatewayRssMaxKb)} / ${mb(r.subgraphRssMaxKb)} |`,
      ),
      '',
      '(Read once a second. CPU in % of one core, 2 cores in all, "everything else": all other processes on the machine (MariaDB, the officer tool, whatever else runs); "unresponsive": its admin /metrics did not answer within 900 ms; accept queue: connections the listener has not accepted yet (backlog 511); listen overflows and SYNs resent are machine-wide counts.)',
      '',
      `Load generator: ${fmt(client.records.length)} requests sent, at most ${fmt(client.peakInFlight)} in flight; sending lag p99 ${fmt(percentile(lags, 99))} ms, max ${fmt(lags[lags.length - 1])} ms; ` +
        `own event-loop delay p99 ${fmt(loop.percentile(99) / 1e6)} ms, max ${fmt(loop.max / 1e6)} ms.`,
      '',
    ];
    if (late.length > 0) {
      const connecting = late.filter((r) => (r.connectMs ?? 0) > 500).length;
      lines.push(
        `Requests over the limit: ${fmt(late.length)}; of them ${fmt(connecting)} waited more than 500 ms just for the gateway to accept their connection. By phase: ${listCounts(countBy(late, (r) => phaseOf(r.scheduledAt, timeline)))}. By outcome: ${listCounts(countBy(late, (r) => r.outcome))}.`,
        '',
        '| due at | query | phase | outcome | connect ms | latency ms |',
        '|---:|---|---|---|---:|---:|',
      );
      for (const r of late.slice(0, 10)) lines.push(`| ${secs(r.scheduledAt)} | ${r.kind} | ${phaseOf(r.scheduledAt, timeline)} | ${r.outcome}${r.detail ? ` (${r.detail})` : ''} | ${r.connectMs === undefined ? 'reused' : fmt(r.connectMs)} | ${fmt(latencyOf(r))} |`);
      lines.push('');
    }
    for (const note of timeline.notes) lines.push(`Note: ${note}`);
    for (const problem of [...timeline.problems, ...unexpectedExits]) lines.push(`Problem: ${problem}`);
    if (timeline.notes.length + timeline.problems.length + unexpectedExits.length > 0) lines.push('');
    lines.push(
      `- no request waited past its deadline + ${config.CHAOS_DEADLINE_SLACK_MS} ms: ${yes(deadlineOk)} (${fmt(late.length)} of ${fmt(main.length)} over ${fmt(limitMs)} ms; longest ${fmt(phaseRows[phaseRows.length - 1]!.max)} ms)`,
      `- memory back within ${fmt(config.CHAOS_MEMORY_TOLERANCE * 100)} % of its starting level: ${yes(memoryOk)} (gateway ${mb(mem.gateway.before.rssKb)} → ${mb(mem.gateway.after.rssKb)} MB, subgraph ${mb(mem.subgraph.before.rssKb)} → ${mb(mem.subgraph.after.rssKb)} MB)`,
      `- processes up: ${yes(processesOk)} (gateway ${gatewayUp ? `up, pid ${gatewayPid} throughout` : 'DOWN'}; subgraph ${subgraphUp ? `up${wanted.has('kill') ? ' after its restart' : ''}, pid ${sub.child.pid}` : 'DOWN or not restarted'}; ` +
        `unexpected exits: ${unexpectedExits.length}; gateway /readyz at the end: ${readyz.status}${readyz.status === 200 ? '' : ` ${readyz.body}`})`,
    );
    process.stdout.write(`\n${lines.join('\n')}\n\n(total ${fmt((Date.now() - started) / 1000)} s)\n`);

    const dir = join(ROOT, 'var', 'bench');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'chaos-latest.json'),
      JSON.stringify(
        {
          at: new Date().toISOString(),
          backend,
          scale: sim.world.scale,
          config,
          derived: { limitMs, subgraphDownMs: downMs, siakLockS: lockS, clientTimeoutMs },
          timeline,
          phases: phaseRows,
          queries: kindRows,
          hangups: hangupOutcomes,
          otherErrors: countBy(main.filter((r) => r.outcome === 'other error'), (r) => r.detail),
          transportErrors: countBy(main.filter((r) => r.outcome === 'transport error'), (r) => r.detail),
          memory: { pids: { gateway: gatewayPid, subgraph: [firstSubgraphPid, sub.child.pid] }, ...mem, gatewayRatio, subgraphRatio },
          system: systemRows,
          samples: memory,
          generator: { sent: client.records.length, peakInFlight: client.peakInFlight, lagP99: percentile(lags, 99), lagMax: lags[lags.length - 1], eventLoopP99Ms: loop.percentile(99) / 1e6, eventLoopMaxMs: loop.max / 1e6 },
          end: { gatewayUp, subgraphUp, unexpectedExits, readyz },
          verdicts: { deadline: deadlineOk, memory: memoryOk, processes: processesOk },
          late: late.slice(0, 100),
          /** Every request: [due ms, sent ms, latency ms, stream, query, outcome, detail, connect ms or null when reused]. */
          warmupRequests: (warm?.records ?? []).map((r) => [Math.round(r.scheduledAt), Math.round(r.sentAt), Math.round(latencyOf(r)), r.stream, r.kind, r.outcome, r.detail ?? null, r.connectMs === undefined ? null : Math.round(r.connectMs)]),
          requests: client.records.map((r) => [Math.round(r.scheduledAt), Math.round(r.sentAt), Math.round(latencyOf(r)), r.stream, r.kind, r.outcome, r.detail ?? null, r.connectMs === undefined ? null : Math.round(r.connectMs)]),
        },
        null,
        1,
      ),
    );
    if (!(deadlineOk && memoryOk && processesOk)) process.exitCode = 1;
  } finally {
    stopping = true;
    if (batch && batch.child.exitCode === null && batch.child.signalCode === null) batch.child.kill('SIGKILL');
    await stopAll(running);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`chaos failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
