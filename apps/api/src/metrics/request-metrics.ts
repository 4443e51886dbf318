import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Histogram, type Registry } from 'prom-client';

/** Requests no route matched (unknown paths, the SPA's pages): one label, whatever the client sent. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Seconds; from a cached profile read (a few ms) to an image upload being re-encoded (seconds). */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Child = { observe(seconds: number): void };

/**
 * `http_request_duration_seconds` by method, route template and status, observed when the answer is sent.
 * The route label is the template Fastify matched (`/api/v1/images/:id`), never the URL, so the number of
 * series stays bounded by the routes the app has. The child of each label set is built once and kept, so
 * a request builds no label object or string of ours: its cost is prom-client's observe (about 1 µs here).
 */
export class RequestMetrics {
  private readonly histogram: Histogram<'method' | 'route' | 'status_code'>;
  /** route → method → status → child. */
  private readonly children = new Map<string, Map<string, Map<number, Child>>>();

  constructor(registry: Registry) {
    this.histogram = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from the request arriving to its answer being sent, by route template and status.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: BUCKETS,
      registers: [registry],
    });
  }

  /** Adds the onResponse hook; call before the server listens. */
  listen(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      this.record(request, reply);
      done();
    });
  }

  record(request: FastifyRequest, reply: FastifyReply): void {
    const matched = request.routeOptions.url;
    // An unmatched request's method is whatever the client wrote: it must not become a label either.
    const route = matched ?? UNMATCHED_ROUTE;
    const method = matched === undefined ? UNMATCHED_ROUTE : request.method;
    this.childFor(route, method, reply.statusCode).observe(reply.elapsedTime / 1000);
  }

  private childFor(route: string, method: string, status: number): Child {
    let byMethod = this.children.get(route);
    if (!byMethod) this.children.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (!byStatus) byMethod.set(method, (byStatus = new Map()));
    let child = byStatus.get(status);
    if (!child) byStatus.set(status, (child = this.histogram.labels(method, route, String(status))));
    return child;
  }
}
