import { validationError } from '@bazaar/platform';

export const oneStockChangeRequired = () =>
  validationError([{ field: 'setOnHand', messages: ['give exactly one of setOnHand or add'] }]);
