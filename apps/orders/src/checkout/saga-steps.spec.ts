import { validate as isUuid, version as uuidVersion } from 'uuid';
import { requestHash } from './request-hash';
import { COMPENSATION_OF, reservationIdOf, SAGA_STEPS, stepKey } from './saga-steps';

const ORDER = '01a22e07-5c18-72cd-b45e-3a2b18c1a3fd';

describe('saga step keys', () => {
  it('names one key per step of an order', () => {
    expect(stepKey(ORDER, SAGA_STEPS.authorizePayment)).toBe(`${ORDER}:authorize-payment`);
  });

  it('derives the reservation id from the reserve step key: a UUID, the same every time, one per order', () => {
    const id = reservationIdOf(ORDER);
    expect(isUuid(id)).toBe(true);
    expect(uuidVersion(id)).toBe(5);
    expect(reservationIdOf(ORDER)).toBe(id);
    expect(reservationIdOf('01a22e07-5c18-72cd-b45e-3a2b18c1a3fe')).not.toBe(id);
  });

  it('pairs each forward step that leaves something behind with its compensation', () => {
    expect(COMPENSATION_OF).toEqual({
      'reserve-stock': 'release-stock',
      'authorize-payment': 'void-payment',
    });
  });
});

describe('request hash', () => {
  it('is the same whatever the order of the keys, and differs with any value', () => {
    const body = {
      lines: [{ productId: 'p1', quantity: 2 }],
      cardToken: 'tok',
      address: { city: 'Paris', zip: '75001' },
    };
    const reordered = {
      address: { zip: '75001', city: 'Paris' },
      cardToken: 'tok',
      lines: [{ quantity: 2, productId: 'p1' }],
    };
    expect(requestHash(reordered)).toBe(requestHash(body));
    expect(requestHash(body)).toMatch(/^[0-9a-f]{64}$/);
    expect(requestHash({ ...body, cardToken: 'tok2' })).not.toBe(requestHash(body));
    // Line order is meaningful.
    const twoLines = { lines: [{ productId: 'p1' }, { productId: 'p2' }] };
    expect(requestHash({ lines: [{ productId: 'p2' }, { productId: 'p1' }] })).not.toBe(
      requestHash(twoLines),
    );
  });
});
