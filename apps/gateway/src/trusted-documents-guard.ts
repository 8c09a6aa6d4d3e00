import type { Request, RequestHandler, Response } from 'express';
import type { Principal } from '@epg/auth';
import { sendGraphQLError } from '@epg/subgraph-kit';
import { principalOf } from './authenticate';
import type { TrustedDocumentMode } from './config';
import { sha256Hex, type TrustedDocument, type TrustedDocumentManifest } from './trusted-documents';

/** Does this caller run only allow-listed documents? */
export function mustUseTrustedDocuments(mode: TrustedDocumentMode, principal: Principal): boolean {
  if (mode === 'required') return true;
  if (mode === 'integrations') return principal.role === 'INTEGRATION';
  return false;
}

interface OperationBody {
  query?: unknown;
  operationName?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } } & Record<string, unknown>;
}

type Verdict = { ok: true } | { ok: false; status: number; code: string; message: string };

/** Not on the allow-list (its own code: PERSISTED_QUERY_NOT_FOUND means "send the text" in APQ, which would not help here). */
export const TRUSTED_DOCUMENT_REQUIRED = 'TRUSTED_DOCUMENT_REQUIRED';

const NOT_TRUSTED: Verdict = {
  ok: false,
  status: 403,
  code: TRUSTED_DOCUMENT_REQUIRED,
  message: 'this operation is not in the trusted documents allow-list: send a published operation (by text or by its sha256 id)',
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sentHash(op: OperationBody): string | undefined {
  const hash = op.extensions?.persistedQuery?.sha256Hash;
  return typeof hash === 'string' && hash ? hash : undefined;
}

/** A restricted caller's operation: replaced by the allow-listed text, or refused. */
function enforce(op: OperationBody, manifest: TrustedDocumentManifest): Verdict {
  const query = typeof op.query === 'string' && op.query ? op.query : undefined;
  const hash = sentHash(op);
  let trusted: TrustedDocument | undefined;
  if (query) {
    trusted = manifest.match(query, typeof op.operationName === 'string' ? op.operationName : null);
    if (trusted && hash && hash !== trusted.hash && hash !== sha256Hex(query)) {
      return { ok: false, status: 400, code: 'BAD_REQUEST', message: 'provided sha does not match query' };
    }
  } else if (hash) {
    trusted = manifest.byId(hash, typeof op.operationName === 'string' ? op.operationName : null);
  }
  if (!trusted) return NOT_TRUSTED;
  // What runs is exactly the allow-listed text; the gateway's own APQ cache is not involved.
  op.query = trusted.document;
  if (trusted.operationName) op.operationName = trusted.operationName;
  if (op.extensions) delete op.extensions.persistedQuery;
  return { ok: true };
}

/** Anyone else: an id of a published document resolves to its text; everything else passes. */
function resolveKnownId(op: OperationBody, manifest: TrustedDocumentManifest): void {
  const hash = sentHash(op);
  if (op.query !== undefined || !hash) return;
  const trusted = manifest.byId(hash, typeof op.operationName === 'string' ? op.operationName : null);
  if (trusted) op.query = trusted.document;
}

/**
 * Trusted (persisted) documents. Callers may send `extensions.persistedQuery.sha256Hash` of a
 * document in the manifest instead of its text. Restricted callers (INTEGRATION principals, or
 * everyone when the mode is `required`) may run only documents of the manifest; what reaches
 * GraphQL is the manifest's text. Unauthenticated calls pass through (the context refuses them: 401).
 * `allowList` is read per request: a manifest added to the directory applies at once.
 */
export function trustedDocumentsGuard(allowList: () => TrustedDocumentManifest, mode: TrustedDocumentMode): RequestHandler {
  return (req: Request, res: Response, next) => {
    const manifest = allowList();
    const principal = principalOf(res);
    const restricted = principal !== undefined && mustUseTrustedDocuments(mode, principal);
    if (restricted && req.method !== 'POST') {
      return sendGraphQLError(res, 405, 'BAD_REQUEST', 'trusted-document callers must send operations with POST');
    }
    const body: unknown = req.body;
    const operations = Array.isArray(body) ? body : [body];
    for (const op of operations) {
      if (!isObject(op)) {
        if (restricted) return sendGraphQLError(res, 400, 'BAD_REQUEST', 'the request body must be a JSON GraphQL operation');
        continue;
      }
      if (!restricted) {
        resolveKnownId(op as OperationBody, manifest);
        continue;
      }
      const verdict = enforce(op as OperationBody, manifest);
      if (!verdict.ok) return sendGraphQLError(res, verdict.status, verdict.code, verdict.message);
    }
    next();
  };
}
