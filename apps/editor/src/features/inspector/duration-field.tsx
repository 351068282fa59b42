import { formatDuration, parseDuration } from '@leadline/flow-core';

const UNITS = [
  { id: 'm', label: 'minutes' },
  { id: 'h', label: 'hours' },
  { id: 'd', label: 'days' },
  { id: 's', label: 'seconds' },
] as const;

/** A duration as a number and a unit; stored the core's way ("15m", "2h", "3d"). */
export function DurationField({
  id,
  value,
  onChange,
}: {
  id: string;
  value: string;
  onChange(value: string): void;
}) {
  const normal = parseDuration(value) !== undefined ? formatDuration(parseDuration(value)!) : value;
  const match = /^(\d+(?:\.\d+)?)(s|m|h|d)$/.exec(normal);
  const amount = match?.[1] ?? '';
  const unit = match?.[2] ?? 'h';
  return (
    <div className="duration-field">
      <input
        id={id}
        type="number"
        min={0}
        step="any"
        className="field__input"
        value={amount}
        aria-label="Amount"
        onChange={(event) => onChange(`${event.currentTarget.value || '0'}${unit}`)}
      />
      <select
        className="field__input"
        value={unit}
        aria-label="Unit"
        onChange={(event) => onChange(`${amount || '1'}${event.currentTarget.value}`)}
      >
        {UNITS.map((option) => (
          <option key={option.id} value={option.id}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
