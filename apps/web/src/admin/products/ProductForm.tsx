import { type FormEvent, useState } from 'react';
import { ApiProblem } from '../../api/problem';
import { Field } from '../../ui/Field';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { textOf } from '../../ui/form-data';
import { SelectField } from '../../ui/SelectField';
import { TextAreaField } from '../ui/TextAreaField';
import { CURRENCIES, type Currency, fromMinorUnits, isCurrency, toMinorUnits } from './price';
import type { CreateProductBody, Product } from './product-queries';

type FormField = 'sku' | 'name' | 'description' | 'price' | 'currency' | 'category';

/** Refusals that are about one field although the gateway sends them as a plain conflict or not-found. */
const FIELD_OF_CODE: Partial<Record<string, FormField>> = {
  PRODUCT_SKU_TAKEN: 'sku',
  CATEGORY_NOT_FOUND: 'category',
};

/** The gateway's names for the form's fields, where they differ (the price travels in minor units). */
const API_FIELD: Record<FormField, string> = {
  sku: 'sku',
  name: 'name',
  description: 'description',
  price: 'priceMinor',
  currency: 'currency',
  category: 'category',
};

function serverError(error: unknown, field: FormField): string | undefined {
  if (!(error instanceof ApiProblem)) return undefined;
  if (FIELD_OF_CODE[error.code] === field) return error.readable;
  return error.fieldError(API_FIELD[field]);
}

/** Whether a problem is shown beside a field, so the form does not repeat it above the button. */
function isAboutAField(error: unknown): boolean {
  return (
    error instanceof ApiProblem && (error.fieldErrors.length > 0 || FIELD_OF_CODE[error.code] !== undefined)
  );
}

interface ProductFormProps {
  /** The product being edited; absent when creating one (only then is the SKU entered: it never changes). */
  product?: Product;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (body: CreateProductBody) => void;
}

/**
 * A product's fields, checked here where the browser can (a price it can read) and by the gateway for the rest;
 * either way each error shows beside its field.
 */
export function ProductForm({ product, submitLabel, pending, error, onSubmit }: ProductFormProps) {
  const [priceError, setPriceError] = useState<string>();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const currencyText = textOf(form, 'currency');
    const currency: Currency = isCurrency(currencyText) ? currencyText : 'EUR';
    const priceMinor = toMinorUnits(textOf(form, 'price'), currency);
    if (priceMinor === undefined) {
      setPriceError(`Enter a price such as 19.90, with at most the decimals ${currency} has.`);
      return;
    }
    setPriceError(undefined);
    onSubmit({
      sku: product?.sku ?? textOf(form, 'sku').toUpperCase(),
      name: textOf(form, 'name'),
      description: textOf(form, 'description'),
      priceMinor,
      currency,
      category: textOf(form, 'category'),
    });
  };

  const currency = product?.price.currency ?? 'EUR';
  return (
    <form className="console-form" onSubmit={submit} noValidate>
      {!product && (
        <Field
          label="SKU"
          name="sku"
          required
          maxLength={64}
          autoCapitalize="characters"
          hint="Capital letters, digits and dashes, e.g. APP-900-1. It cannot be changed later."
          error={serverError(error, 'sku')}
        />
      )}
      <Field
        label="Name"
        name="name"
        required
        maxLength={200}
        defaultValue={product?.name}
        error={serverError(error, 'name')}
      />
      <TextAreaField
        label="Description"
        name="description"
        rows={4}
        maxLength={4000}
        defaultValue={product?.description}
        error={serverError(error, 'description')}
      />
      <div className="console-form__row">
        <Field
          label="Price"
          name="price"
          inputMode="decimal"
          required
          defaultValue={product ? fromMinorUnits(product.price.amountMinor, currency) : undefined}
          error={priceError ?? serverError(error, 'price')}
        />
        <SelectField
          label="Currency"
          name="currency"
          defaultValue={currency}
          options={CURRENCIES.map((code) => ({ value: code, label: code }))}
          error={serverError(error, 'currency')}
        />
      </div>
      <Field
        label="Category"
        name="category"
        required
        defaultValue={product?.category.slug}
        hint="The slug of an existing category, e.g. apparel."
        error={serverError(error, 'category')}
      />
      {error !== null && error !== undefined && !isAboutAField(error) && <ProblemMessage error={error} />}
      <button type="submit" className="button" disabled={pending}>
        {pending ? 'Saving…' : submitLabel}
      </button>
    </form>
  );
}
