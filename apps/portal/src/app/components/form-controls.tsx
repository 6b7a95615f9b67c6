import type { ChangeEvent, ReactNode } from 'react';

/** DOM ids from API paths: "members.1.name" → "f-members-1-name". */
export function fieldId(path: string, prefix = 'f'): string {
  return `${prefix}-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

interface BaseProps {
  /** API path of the value; names the error test id (`error-<name>`). */
  name: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  idPrefix?: string;
  testId?: string;
  disabled?: boolean;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function FieldError({ id, name, error }: { id: string; name: string; error?: string }) {
  if (!error) return null;
  return (
    <p id={`${id}-error`} className="field-error" data-testid={`error-${name}`}>
      {error}
    </p>
  );
}

function Label({ id, label, required }: { id: string; label: string; required?: boolean }) {
  return (
    <label htmlFor={id} className="field-label">
      {label}
      {required ? (
        <span className="required" aria-hidden="true">
          {' '}
          *
        </span>
      ) : null}
    </label>
  );
}

function Hint({ id, hint }: { id: string; hint?: ReactNode }) {
  if (!hint) return null;
  return (
    <p id={`${id}-hint`} className="field-hint">
      {hint}
    </p>
  );
}

export function TextField(
  props: BaseProps & {
    value: string;
    onChange: (v: string) => void;
    type?: 'text' | 'password' | 'tel' | 'search' | 'date';
    inputMode?: 'text' | 'numeric' | 'tel' | 'decimal';
    autoComplete?: string;
    maxLength?: number;
    placeholder?: string;
  },
) {
  const id = fieldId(props.name, props.idPrefix);
  return (
    <div className={'field' + (props.error ? ' field--invalid' : '')}>
      <Label id={id} label={props.label} required={props.required} />
      <Hint id={id} hint={props.hint} />
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        inputMode={props.inputMode}
        autoComplete={props.autoComplete}
        maxLength={props.maxLength}
        placeholder={props.placeholder}
        value={props.value}
        disabled={props.disabled}
        required={props.required}
        aria-required={props.required || undefined}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
        data-testid={props.testId ?? `field-${props.name}`}
        onChange={(e: ChangeEvent<HTMLInputElement>) => props.onChange(e.target.value)}
      />
      <FieldError id={id} name={props.name} error={props.error} />
    </div>
  );
}

export function TextAreaField(
  props: BaseProps & { value: string; onChange: (v: string) => void; rows?: number; maxLength?: number },
) {
  const id = fieldId(props.name, props.idPrefix);
  return (
    <div className={'field' + (props.error ? ' field--invalid' : '')}>
      <Label id={id} label={props.label} required={props.required} />
      <Hint id={id} hint={props.hint} />
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 3}
        maxLength={props.maxLength}
        value={props.value}
        disabled={props.disabled}
        required={props.required}
        aria-required={props.required || undefined}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
        data-testid={props.testId ?? `field-${props.name}`}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <FieldError id={id} name={props.name} error={props.error} />
    </div>
  );
}

export function SelectField(
  props: BaseProps & {
    value: string;
    onChange: (v: string) => void;
    options: { value: string; label: string }[];
    /** Text of the empty first option; omit to have none. */
    placeholder?: string;
  },
) {
  const id = fieldId(props.name, props.idPrefix);
  return (
    <div className={'field' + (props.error ? ' field--invalid' : '')}>
      <Label id={id} label={props.label} required={props.required} />
      <Hint id={id} hint={props.hint} />
      <select
        id={id}
        name={props.name}
        value={props.value}
        disabled={props.disabled}
        required={props.required}
        aria-required={props.required || undefined}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
        data-testid={props.testId ?? `field-${props.name}`}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={id} name={props.name} error={props.error} />
    </div>
  );
}

export function CheckboxField(
  props: Omit<BaseProps, 'required'> & { checked: boolean; onChange: (v: boolean) => void },
) {
  const id = fieldId(props.name, props.idPrefix);
  return (
    <div className={'field field--checkbox' + (props.error ? ' field--invalid' : '')}>
      <input
        id={id}
        name={props.name}
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
        data-testid={props.testId ?? `field-${props.name}`}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <label htmlFor={id}>{props.label}</label>
      <Hint id={id} hint={props.hint} />
      <FieldError id={id} name={props.name} error={props.error} />
    </div>
  );
}

/** A set of radio buttons under one legend. */
export function RadioGroup(
  props: BaseProps & {
    value: string;
    onChange: (v: string) => void;
    options: { value: string; label: string }[];
  },
) {
  const id = fieldId(props.name, props.idPrefix);
  return (
    <fieldset
      className={'field radio-group' + (props.error ? ' field--invalid' : '')}
      aria-describedby={describedBy(id, props.hint, props.error)}
      data-testid={props.testId ?? `field-${props.name}`}
    >
      <legend className="field-label">
        {props.label}
        {props.required ? (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </legend>
      <Hint id={id} hint={props.hint} />
      <div className="radio-options">
        {props.options.map((o) => (
          <label key={o.value} className="radio-option">
            <input
              type="radio"
              name={id}
              value={o.value}
              checked={props.value === o.value}
              disabled={props.disabled}
              required={props.required}
              data-testid={`${props.testId ?? `field-${props.name}`}-${o.value}`}
              onChange={() => props.onChange(o.value)}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      <FieldError id={id} name={props.name} error={props.error} />
    </fieldset>
  );
}

/** Lists every error at the top of a form, each linking to its field. */
export function ErrorSummary({
  errors,
  labels,
  idPrefix,
  title = '请先修正以下问题：',
}: {
  errors: Record<string, string>;
  labels?: Record<string, string>;
  idPrefix?: string;
  title?: string;
}) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} data-testid="form-errors">
      <p className="error-summary__title">{title}</p>
      <ul>
        {entries.map(([path, message]) => (
          <li key={path}>
            <a href={`#${fieldId(path, idPrefix)}`}>{labels?.[path] ? `${labels[path]}：${message}` : message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
