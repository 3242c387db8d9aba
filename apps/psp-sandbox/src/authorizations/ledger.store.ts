import { Injectable } from '@nestjs/common';
import { PspAuthorization, PspLedgerEntry, PspRefund } from '@bazaar/contracts';

/**
 * Every authorization and refund, in memory and in creation order: the processor's books for reconciliation.
 * The sandbox keeps no database: a restart is a new test account, as a provider's reset would be.
 */
@Injectable()
export class LedgerStore {
  private readonly authorizations = new Map<string, PspAuthorization>();
  private readonly refunds = new Map<string, PspRefund[]>();

  add(authorization: PspAuthorization): void {
    this.authorizations.set(authorization.id, authorization);
  }

  get(id: string): PspAuthorization | undefined {
    const found = this.authorizations.get(id);
    return found && { ...found };
  }

  update(id: string, changes: Partial<PspAuthorization>): PspAuthorization {
    const updated = { ...this.authorizations.get(id)!, ...changes, updatedAt: new Date().toISOString() };
    this.authorizations.set(id, updated);
    return { ...updated };
  }

  addRefund(refund: PspRefund): void {
    this.refunds.set(refund.authorizationId, [...(this.refunds.get(refund.authorizationId) ?? []), refund]);
  }

  entries(): PspLedgerEntry[] {
    return [...this.authorizations.values()].map((a) => ({ ...a, refunds: this.refunds.get(a.id) ?? [] }));
  }
}
