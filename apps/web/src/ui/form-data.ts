/** A text control's value from a submitted form, trimmed; '' when absent (FormData can also hold files). */
export function textOf(form: FormData, name: string): string {
  return secretOf(form, name).trim();
}

/** A password as typed: spaces at either end are part of it. */
export function secretOf(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}
