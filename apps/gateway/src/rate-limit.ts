import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { sendGraphQLError } from '@epg/subgraph-kit';
import { principalOf } from './authenticate';

export interface RateLimitOptions {
  /** Requests per key per window; 0 turns the limiter off. */
  requests: number;
  /** Requests per SERVICE credential per window (batch jobs paging feeds); 0 turns their limit off. */
  serviceRequests?: number;
  windowSeconds: number;
}

export interface GatewayRateLimiter {
  /** Counts the HTTP request (one point) — place after authentication, before the body is read. */
  perRequest: RequestHandler;
  /** Counts the extra operations of a batched request — place after the body is parsed. */
  perBatchedOperation: RequestHandler;
}

/** Keyed by the verified principal's subject; by client IP for calls without a valid token. */
export function rateLimitKey(req: Request, res: Response): string {
  const principal = principalOf(res);
  return principal ? `sub:${principal.subject}` : `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
}

/**
 * A fixed-window limiter (rate-limiter-flexible, in memory: one gateway process). Over the limit →
 * HTTP 429, a GraphQL-shaped RATE_LIMITED error and Retry-After (seconds until the window resets).
 */
export function createRateLimiter(options: RateLimitOptions): GatewayRateLimiter {
  if (options.requests <= 0) {
    const pass: RequestHandler = (_req, _res, next) => next();
    return { perRequest: pass, perBatchedOperation: pass };
  }
  const limiters = {
    caller: { points: options.requests, limiter: new RateLimiterMemory({ keyPrefix: 'gateway', points: options.requests, duration: options.windowSeconds }) },
    service:
      options.serviceRequests === 0
        ? null
        : {
            points: options.serviceRequests ?? options.requests,
            limiter: new RateLimiterMemory({ keyPrefix: 'service', points: options.serviceRequests ?? options.requests, duration: options.windowSeconds }),
          },
  };

  const consume = (points: (req: Request) => number): RequestHandler => (req: Request, res: Response, next: NextFunction) => {
    const n = points(req);
    if (n <= 0) return next();
    const chosen = principalOf(res)?.role === 'SERVICE' ? limiters.service : limiters.caller;
    if (!chosen) return next();
    chosen.limiter.consume(rateLimitKey(req, res), n).then(
      (state) => {
        res.setHeader('RateLimit-Limit', String(chosen.points));
        res.setHeader('RateLimit-Remaining', String(Math.max(0, state.remainingPoints)));
        next();
      },
      (rejection: unknown) => {
        if (!(rejection instanceof RateLimiterRes)) return next(rejection);
        const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        res.setHeader('Retry-After', String(seconds));
        res.setHeader('RateLimit-Limit', String(chosen.points));
        res.setHeader('RateLimit-Remaining', '0');
        sendGraphQLError(res, 429, 'RATE_LIMITED', `too many requests: retry in ${seconds} s`);
      },
    );
  };

  return {
    perRequest: consume(() => 1),
    perBatchedOperation: consume((req) => (Array.isArray(req.body) ? req.body.length - 1 : 0)),
  };
}
