import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** How a `message:send` ended, as counted: delivered, held by the mediator, or refused (an error ack). */
export type SendStatus = 'sent' | 'held' | 'discarded' | 'refused';
/** Which mediator answered: the local one alone, Claude, or the local one after Claude failed. */
export type MediatorKind = 'local' | 'claude' | 'fallback';

/** What a scrape reads from the live process (gauges are collected then, not kept up to date). */
export interface MetricsSources {
  sockets(): number;
  pool(): { total: number; idle: number; waiting: number };
  outbox(): Promise<{ pending: number; lagSeconds: number }>;
}

/**
 * The process's metrics, as named recording functions. Off (METRICS_TOKEN
 * unset) every function is a no-op and nothing is registered, so the send
 * path pays nothing for metrics nobody reads.
 */
export interface Metrics {
  readonly enabled: boolean;
  send: { observe(status: SendStatus, seconds: number): void };
  mediator: { observe(kind: MediatorKind, action: 'pass' | 'intervene', seconds: number): void };
  /** Tells the scrape where to read the gauges from (once the sockets and pool exist). */
  watch(sources: MetricsSources): void;
  /** The Prometheus text exposition of everything. */
  render(): Promise<{ contentType: string; body: string }>;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const disabled: Metrics = {
  enabled: false,
  send: { observe: () => undefined },
  mediator: { observe: () => undefined },
  watch: () => undefined,
  render: () => Promise.reject(new Error('metrics are off (METRICS_TOKEN unset)')),
};

/** A registry of its own per server (tests run several in one process). */
export function createMetrics(options: { enabled: boolean }): Metrics {
  if (!options.enabled) return disabled;
  const registry = new Registry();
  // Process CPU/memory/handles, and event-loop delay (monitorEventLoopDelay) as
  // nodejs_eventloop_lag_* gauges.
  collectDefaultMetrics({
    register: registry,
    prefix: 'parley_',
    eventLoopMonitoringPrecision: 20,
  });
  let sources: MetricsSources | undefined;

  const messages = new Counter({
    name: 'parley_messages_total',
    help: 'message:send acks by status (sent, held, refused)',
    labelNames: ['status'],
    registers: [registry],
  });
  const sendLatency = new Histogram({
    name: 'parley_send_latency_seconds',
    help: 'message:send, socket in to ack',
    labelNames: ['status'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const mediations = new Counter({
    name: 'parley_mediations_total',
    help: 'Mediator answers by mediator kind and action (pass, intervene)',
    labelNames: ['kind', 'action'],
    registers: [registry],
  });
  const mediatorLatency = new Histogram({
    name: 'parley_mediator_latency_seconds',
    help: 'Mediator analyze() time by mediator kind',
    labelNames: ['kind'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const gauge = (name: string, help: string, read: (g: Gauge) => void) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        if (sources) read(this);
      },
    });
  gauge('parley_sockets_connected', 'Sockets connected to this node', (g) =>
    g.set(sources!.sockets()),
  );
  gauge('parley_db_pool_in_use', 'Database connections checked out', (g) => {
    const pool = sources!.pool();
    g.set(pool.total - pool.idle);
  });
  gauge('parley_db_pool_waiting', 'Queries waiting for a database connection', (g) =>
    g.set(sources!.pool().waiting),
  );
  // Read once per scrape, in render(), for both outbox gauges.
  let backlog = { pending: 0, lagSeconds: 0 };
  gauge('parley_outbox_pending', 'Outbox rows not yet processed', (g) => g.set(backlog.pending));
  gauge('parley_outbox_lag_seconds', 'Age of the oldest pending outbox row', (g) =>
    g.set(backlog.lagSeconds),
  );

  return {
    enabled: true,
    send: {
      observe(status, seconds) {
        messages.inc({ status });
        sendLatency.observe({ status }, seconds);
      },
    },
    mediator: {
      observe(kind, action, seconds) {
        mediations.inc({ kind, action });
        mediatorLatency.observe({ kind }, seconds);
      },
    },
    watch(s) {
      sources = s;
    },
    async render() {
      if (sources) backlog = await sources.outbox();
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
