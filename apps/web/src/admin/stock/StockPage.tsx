import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Field } from '../../ui/Field';
import { Loading } from '../../ui/Loading';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { usePageTitle } from '../../ui/usePageTitle';
import { textOf } from '../../ui/form-data';
import { AdjustmentLog } from './AdjustmentLog';
import { StockAdjustmentForm } from './StockAdjustmentForm';
import { SKU_PATTERN, stockLevel } from './stock-queries';

/** One SKU's stock: look it up (or arrive from a product row with `?sku=`), adjust it, read its log. */
export function StockPage() {
  const [params, setParams] = useSearchParams();
  const sku = params.get('sku') ?? undefined;
  usePageTitle(sku ? `Stock ${sku} · Console` : 'Stock · Console');
  const [skuError, setSkuError] = useState<string>();

  const lookUp = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const entered = textOf(new FormData(event.currentTarget), 'sku').toUpperCase();
    if (!SKU_PATTERN.test(entered)) {
      setSkuError('A SKU is capital letters, digits and dashes, e.g. APP-001-1.');
      return;
    }
    setSkuError(undefined);
    setParams({ sku: entered });
  };

  return (
    <section aria-labelledby="stock-heading">
      <h1 id="stock-heading">Stock</h1>
      <form role="search" className="console-form console-form--inline" onSubmit={lookUp} noValidate>
        <Field
          label="SKU"
          name="sku"
          defaultValue={sku}
          key={sku}
          autoCapitalize="characters"
          error={skuError}
        />
        <button type="submit" className="button">
          Look up
        </button>
      </form>
      {sku ? (
        <SkuStock sku={sku} key={sku} />
      ) : (
        <p className="empty">Enter a SKU, or open one from the products list.</p>
      )}
    </section>
  );
}

function SkuStock({ sku }: { sku: string }) {
  const level = useQuery(stockLevel(sku));
  if (level.isPending) return <Loading what={`the stock of ${sku}`} />;
  if (level.isError) return <ProblemMessage error={level.error} retry={() => void level.refetch()} />;
  return (
    <>
      <section aria-labelledby="level-heading" className="stock-level">
        <h2 id="level-heading">
          <code>{sku}</code>
        </h2>
        <dl className="figures">
          <div>
            <dt>On hand</dt>
            <dd>{level.data.onHand}</dd>
          </div>
          <div>
            <dt>Reserved</dt>
            <dd>{level.data.reserved}</dd>
          </div>
          <div>
            <dt>Available</dt>
            <dd>{level.data.available}</dd>
          </div>
        </dl>
      </section>
      <StockAdjustmentForm sku={sku} />
      <AdjustmentLog sku={sku} />
    </>
  );
}
