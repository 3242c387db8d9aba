import { validationError } from '@bazaar/platform';

export const invalidProductId = () => validationError([{ field: 'id', messages: ['id must be a UUID'] }]);
