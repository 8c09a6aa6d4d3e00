import type { Connection } from '@epg/subgraph-kit';
import type { PaymentEntity } from '../entitlement/entitlement.entities';
import type { PaymentRow } from './payment.repository';

/** A payment as resolved: from the payments list (with its entitlement's facts) or from elsewhere (without). */
export type PaymentModel = PaymentEntity & Partial<Omit<PaymentRow, keyof PaymentEntity>>;
export type PaymentConnectionModel = Connection<PaymentRow>;
