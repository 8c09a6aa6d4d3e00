import { z } from 'zod';
import { AuditEntry, cursorParameters } from '@epg/persistence';
import { forbidden, hasScope, type Principal } from '@epg/auth';
import type { BaseContext } from './context';
import { parseInput } from './errors';
import { parsePageArgs, toConnection, type Connection } from './pagination';

/** An audit entry as the GraphQL type shows it (before/after as JSON text; the actor's region as `actorRegion` too). */
export type AuditEntryView = Omit<AuditEntry, 'before' | 'after'> & { actorRegion: string; before: string | null; after: string | null };
export type AuditEntryConnectionModel = Connection<AuditEntryView>;

export const AUDIT_READ = 'audit:read';

const filterSchema = z.object({
  entityType: z.string().max(100).nullish(),
  entityId: z.string().max(200).nullish(),
  operation: z.string().max(100).nullish(),
});

function assertCanReadAudit(principal: Principal): void {
  if (principal.role !== 'AUDITOR' && !hasScope(principal, AUDIT_READ)) {
    throw forbidden(`the audit trail is for auditors and holders of ${AUDIT_READ}`);
  }
}

/**
 * The resolver of a service's `<service>AuditTrail` root field: newest first, filtered by
 * entity and operation, limited to entries about data inside the caller's region scope
 * (`data_region`, through the scoped data access) — whoever acted: an auditor of a county sees
 * province staff reading or changing the county's data, and not the county staff's entries
 * about data elsewhere.
 */
export function auditTrailResolver() {
  return async (
    _parent: unknown,
    args: { first: number; after?: string | null } & Record<string, unknown>,
    ctx: BaseContext,
  ): Promise<AuditEntryConnectionModel> => {
    assertCanReadAudit(ctx.principal);
    const filter = parseInput(filterSchema, args, 'arguments');
    const page = parsePageArgs(args);
    const query = () => {
      const q = ctx.data.repository(AuditEntry).query('a');
      if (filter.entityType) q.andWhere('a.entity_type = :entityType', { entityType: filter.entityType });
      if (filter.entityId) q.andWhere('a.entity_id = :entityId', { entityId: filter.entityId });
      if (filter.operation) q.andWhere('a.operation = :operation', { operation: filter.operation });
      return q;
    };
    const pageQuery = query();
    if (page.after) pageQuery.andWhere('a.id < :after', { after: cursorParameters(page.after, ['bigint'])[0] });
    const rows = await pageQuery.orderBy('a.id', 'DESC').limit(page.first + 1).getMany();
    const connection = toConnection(rows, page, (a) => [a.id], () => query().getCount());
    return {
      ...connection,
      edges: connection.edges.map(({ cursor, node }) => ({
        cursor,
        node: { ...node, actorRegion: node.regionScope, before: node.before ? JSON.stringify(node.before) : null, after: node.after ? JSON.stringify(node.after) : null },
      })),
    };
  };
}
