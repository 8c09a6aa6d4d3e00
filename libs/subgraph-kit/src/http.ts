import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** `/health`: the process is alive. `/ready`: its dependencies answer. */
export function addHealthRoutes(app: Express, ready: () => Promise<boolean>): void {
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const ok = await ready();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not ready' });
  });
}

/** A GraphQL-shaped error body for refusals that happen before GraphQL runs. */
export function sendGraphQLError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/** Malformed JSON bodies become a 400 GraphQL error, not an HTML page. */
export function jsonErrorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  const status = (err as { status?: number }).status ?? 500;
  const type = (err as { type?: string }).type;
  if (type === 'internal.token.body') return sendGraphQLError(res, 401, 'UNAUTHENTICATED', (err as Error).message);
  if (type === 'entity.too.large') return sendGraphQLError(res, 413, 'BAD_REQUEST', 'request body is too large');
  if (status >= 400 && status < 500) return sendGraphQLError(res, status, 'BAD_REQUEST', 'request body is not valid JSON');
  return sendGraphQLError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
}

export interface Listening {
  server: http.Server;
  url: string;
  close(): Promise<void>;
}

export function listen(app: Express, port: number, host: string): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(app);
    server.keepAliveTimeout = 65_000;
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      resolve({
        server,
        url: `http://${host}:${address.port}/graphql`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
          }),
      });
    });
  });
}

export { express };
