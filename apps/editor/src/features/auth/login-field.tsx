import type { HTMLInputTypeAttribute } from 'react';

/** One required field of a sign-in form, labelled so that the browser and assistive tools find it. */
export function LoginField({
  label,
  value,
  onChange,
  type,
  autoComplete,
  placeholder,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  type?: HTMLInputTypeAttribute;
  autoComplete?: string;
  placeholder?: string;
}) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        className="field__input"
        type={type}
        value={value}
        onChange={(event) => onChange(event.currentTarget.value)}
        required
        autoComplete={autoComplete}
        placeholder={placeholder}
      />
    </label>
  );
}
