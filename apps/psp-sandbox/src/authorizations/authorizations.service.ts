import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PspAuthorization, PspLedger, PspRefund } from '@bazaar/contracts';
import { DomainError } from '@bazaar/platform';
import { SimulatedFailure } from '../faults/simulated-failure';
import { PspSandboxConfig } from '../psp-sandbox.config';
import { AuthorizeDto, CaptureDto, RefundDto } from './authorizations.dto';
import { amountTooLarge, authorizationNotFound, invalidField, wrongState } from './authorizations.errors';
import { cardBehaviour } from './test-cards';
import { LedgerStore } from './ledger.store';

/** The processor's rules: authorize, capture once (in full or in part), void, refund up to what was captured. */
@Injectable()
export class AuthorizationsService {
  /** Idempotency keys whose `tok_fail_once` request already failed once. */
  private readonly failedOnce = new Set<string>();

  constructor(
    private readonly ledger: LedgerStore,
    private readonly config: PspSandboxConfig,
  ) {}

  async authorize(input: AuthorizeDto, idempotencyKey: string): Promise<PspAuthorization> {
    if (input.amount > this.config.PSP_SANDBOX_MAX_AMOUNT)
      throw invalidField('amount', `must not be greater than ${this.config.PSP_SANDBOX_MAX_AMOUNT}`);
    const card = cardBehaviour(input.cardToken);
    switch (card.kind) {
      case 'unknown':
        throw invalidField('cardToken', 'is not a test card of the sandbox');
      case 'decline':
        throw new DomainError(card.code, card.reason);
      case 'fail-once':
        if (!this.failedOnce.has(idempotencyKey)) {
          this.failedOnce.add(idempotencyKey);
          throw new SimulatedFailure('tok_fail_once');
        }
        break;
      case 'approve':
        if (card.afterMs > 0) await new Promise((resolve) => setTimeout(resolve, card.afterMs));
    }
    const now = new Date().toISOString();
    const authorization: PspAuthorization = {
      id: `auth_${randomUUID()}`,
      status: 'authorized',
      amount: input.amount,
      currency: input.currency,
      capturedAmount: 0,
      refundedAmount: 0,
      reference: input.reference ?? null,
      cardLast4: input.cardToken.slice(-4),
      createdAt: now,
      updatedAt: now,
    };
    this.ledger.add(authorization);
    return authorization;
  }

  get(id: string): PspAuthorization {
    const found = this.ledger.get(id);
    if (!found) throw authorizationNotFound(id);
    return found;
  }

  capture(id: string, input: CaptureDto): PspAuthorization {
    const authorization = this.get(id);
    if (authorization.status !== 'authorized') throw wrongState(id, authorization.status, 'captured');
    const amount = input.amount ?? authorization.amount;
    if (amount > authorization.amount) throw amountTooLarge('capture', amount, authorization.amount);
    return this.ledger.update(id, { status: 'captured', capturedAmount: amount });
  }

  void(id: string): PspAuthorization {
    const authorization = this.get(id);
    if (authorization.status !== 'authorized') throw wrongState(id, authorization.status, 'voided');
    return this.ledger.update(id, { status: 'voided' });
  }

  refund(input: RefundDto): PspRefund {
    const authorization = this.get(input.authorizationId);
    if (authorization.status !== 'captured')
      throw wrongState(authorization.id, authorization.status, 'refunded');
    const left = authorization.capturedAmount - authorization.refundedAmount;
    if (input.amount > left) throw amountTooLarge('refund', input.amount, left);
    const refund: PspRefund = {
      id: `ref_${randomUUID()}`,
      authorizationId: authorization.id,
      amount: input.amount,
      currency: authorization.currency,
      createdAt: new Date().toISOString(),
    };
    this.ledger.update(authorization.id, { refundedAmount: authorization.refundedAmount + input.amount });
    this.ledger.addRefund(refund);
    return refund;
  }

  /** Every authorization with its refunds, and the totals per currency (amounts of different currencies never add). */
  books(): PspLedger {
    const entries = this.ledger.entries();
    const totals: PspLedger['totals'] = {};
    for (const entry of entries) {
      const total = (totals[entry.currency] ??= { authorized: 0, captured: 0, refunded: 0 });
      if (entry.status === 'authorized') total.authorized += entry.amount;
      total.captured += entry.capturedAmount;
      total.refunded += entry.refundedAmount;
    }
    return { entries, totals };
  }
}
