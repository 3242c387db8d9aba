import { type TextareaHTMLAttributes, useId } from 'react';

interface TextAreaFieldProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  label: string;
  error?: string;
}

/** A labelled multi-line input whose error is tied to it, as `Field` does for inputs. */
export function TextAreaField({ label, error, id, ...textarea }: TextAreaFieldProps) {
  const generated = useId();
  const textareaId = id ?? generated;
  const errorId = error ? `${textareaId}-error` : undefined;
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <label htmlFor={textareaId}>{label}</label>
      <textarea
        id={textareaId}
        aria-invalid={error ? true : undefined}
        aria-describedby={errorId}
        {...textarea}
      />
      {error && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}
