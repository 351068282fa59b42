import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpDurationHistogram } from '@leadline/ops';

type RoutedRequest = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };

/**
 * The route pattern (`/flows/:id`), never the raw URL, keeps label cardinality bounded; requests
 * no route matched (404s, scanners) share one label.
 */
export function routeLabel(req: RoutedRequest): string {
  const pattern = req.route?.path;
  return typeof pattern === 'string' ? `${req.baseUrl ?? ''}${pattern}` || '/' : 'unmatched';
}

/** Observes `http_request_duration_seconds` once per request, when the response is done. */
export function httpMetricsMiddleware(histogram: HttpDurationHistogram) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const stopTimer = histogram.startTimer();
    let observed = false;
    const observe = () => {
      if (observed) return;
      observed = true;
      stopTimer({ method: req.method ?? 'UNKNOWN', route: routeLabel(req), status: String(res.statusCode) });
    };
    res.once('finish', observe);
    res.once('close', observe);
    next();
  };
}
