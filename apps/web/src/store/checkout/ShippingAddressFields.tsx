import { Field } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';
import { COUNTRIES } from './countries';
import type { ShippingAddress } from './place-order';
import { textOf } from '../../ui/form-data';

/** The address fields as the API names them in its field errors (`shippingAddress.city`, …). */
export const SHIPPING_FIELDS = [
  'shippingAddress.name',
  'shippingAddress.line1',
  'shippingAddress.line2',
  'shippingAddress.city',
  'shippingAddress.postalCode',
  'shippingAddress.country',
] as const;

const COUNTRY_OPTIONS = [{ value: '', label: 'Choose a country' }, ...COUNTRIES];

/** The address inputs, each with the server's error for it beside it. */
export function ShippingAddressFields({ errorOf }: { errorOf: (field: string) => string | undefined }) {
  return (
    <>
      <Field
        label="Full name"
        name="name"
        autoComplete="shipping name"
        required
        maxLength={200}
        error={errorOf('shippingAddress.name')}
      />
      <Field
        label="Address"
        name="line1"
        autoComplete="shipping address-line1"
        required
        maxLength={200}
        error={errorOf('shippingAddress.line1')}
      />
      <Field
        label="Address line 2 (optional)"
        name="line2"
        autoComplete="shipping address-line2"
        maxLength={200}
        error={errorOf('shippingAddress.line2')}
      />
      <Field
        label="City"
        name="city"
        autoComplete="shipping address-level2"
        required
        maxLength={200}
        error={errorOf('shippingAddress.city')}
      />
      <Field
        label="Postal code"
        name="postalCode"
        autoComplete="shipping postal-code"
        required
        maxLength={20}
        error={errorOf('shippingAddress.postalCode')}
      />
      <SelectField
        label="Country"
        name="country"
        autoComplete="shipping country"
        required
        options={COUNTRY_OPTIONS}
        defaultValue=""
        error={errorOf('shippingAddress.country')}
      />
    </>
  );
}

/** The address as entered; an empty optional line is left out rather than sent empty. */
export function readShippingAddress(form: FormData): ShippingAddress {
  const text = (name: string) => textOf(form, name);
  const line2 = text('line2');
  return {
    name: text('name'),
    line1: text('line1'),
    ...(line2 ? { line2 } : {}),
    city: text('city'),
    postalCode: text('postalCode'),
    country: text('country'),
  };
}
