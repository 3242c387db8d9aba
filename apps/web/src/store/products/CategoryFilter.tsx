import { useQuery } from '@tanstack/react-query';
import { type ChangeEvent } from 'react';
import { categoriesQuery } from './categories-query';

/**
 * A select of the catalog's categories. Changing it filters at once (no change of page or focus, so WCAG 3.2.2
 * holds); while the categories load, or if they cannot, the list still works unfiltered.
 */
export function CategoryFilter({
  value,
  onChange,
}: {
  value: string | undefined;
  onChange: (slug: string | undefined) => void;
}) {
  const categories = useQuery(categoriesQuery());
  const choose = (event: ChangeEvent<HTMLSelectElement>) => onChange(event.target.value || undefined);
  return (
    <div className="category-filter">
      <label htmlFor="category-filter">Category</label>
      <select
        id="category-filter"
        value={value ?? ''}
        onChange={choose}
        disabled={!categories.data}
        aria-describedby={categories.isError ? 'category-filter-error' : undefined}
      >
        <option value="">All categories</option>
        {categories.data?.items.map((category) => (
          <option key={category.slug} value={category.slug}>
            {category.name}
          </option>
        ))}
      </select>
      {categories.isError && (
        <p id="category-filter-error" className="field__error">
          Categories could not be loaded.
        </p>
      )}
    </div>
  );
}
