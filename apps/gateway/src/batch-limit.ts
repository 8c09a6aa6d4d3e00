import type { RequestHandler } from 'express';
import { sendGraphQLError } from '@epg/subgraph-kit';

/**
 * Batched requests (a JSON array of operations): refused when batching is off (max 1),
 * otherwise limited to `max` operations.
 */
export function limitBatches(max: number): RequestHandler {
  return (req, res, next) => {
    if (!Array.isArray(req.body)) return next();
    if (max <= 1) return sendGraphQLError(res, 400, 'BAD_REQUEST', 'batched requests are not accepted: send one operation per request');
    if (req.body.length === 0 || req.body.length > max) {
      return sendGraphQLError(res, 400, 'BAD_REQUEST', `a batched request may hold 1 to ${max} operations, not ${req.body.length}`);
    }
    next();
  };
}
