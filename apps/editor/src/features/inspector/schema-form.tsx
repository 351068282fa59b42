import { useState } from 'react';
import { DurationField } from './duration-field';
import {
  emptyRequiredKeys,
  emptyValue,
  isDuration,
  isProse,
  isTemplateRef,
  itemLimit,
  resolve,
  textLimit,
  typeOf,
  type JsonSchema,
} from './json-schema';
import { settingLabel } from './setting-label';
import { TemplatePicker } from './template-picker';
import { TemplateTextField } from './variable-picker';

const humanise = settingLabel;

interface FieldProps {
  schema: JsonSchema;
  value: unknown;
  path: string[];
  /** The node's whole data, for limits that depend on other fields (text with buttons). */
  data: Record<string, unknown>;
  onChange(value: unknown): void;
}

const idOf = (path: readonly string[]) => `field-${path.join('-')}`;

/** A JSON value edited as text, for shapes the form has no widget for (records, free objects). */
function JsonField({ path, value, onChange }: Pick<FieldProps, 'path' | 'value' | 'onChange'>) {
  const [text, setText] = useState(() => JSON.stringify(value ?? {}, null, 2));
  const [error, setError] = useState<string | null>(null);
  return (
    <div>
      <textarea
        id={idOf(path)}
        rows={4}
        className={`field__input field__input--code${error ? ' field__input--over' : ''}`}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        onBlur={() => {
          try {
            onChange(JSON.parse(text));
            setError(null);
          } catch (parseError) {
            setError((parseError as Error).message);
          }
        }}
      />
      {error && <p className="field__error">Not JSON: {error}</p>}
    </div>
  );
}

/**
 * A new list item. A button or a row gets an id of its own (never typed by people, distinct so its
 * port is) and a title, so that it is valid the moment it is added.
 */
function freshItem(itemSchema: JsonSchema, path: string[], items: unknown[]): unknown {
  const fresh = emptyValue(itemSchema);
  if (!fresh || typeof fresh !== 'object' || !('id' in (fresh as object))) return fresh;
  const prefix = path.at(-1) === 'rows' ? 'row' : 'option';
  const taken = new Set(items.map((item) => (item as { id?: unknown })?.id));
  let n = items.length + 1;
  while (taken.has(`${prefix}_${n}`)) n += 1;
  const record = fresh as Record<string, unknown>;
  record.id = `${prefix}_${n}`;
  if ('title' in record && !record.title) record.title = `${prefix === 'row' ? 'Row' : 'Option'} ${n}`;
  return record;
}

function ArrayField({ schema, value, path, data, onChange }: FieldProps) {
  const items = Array.isArray(value) ? value : [];
  const itemSchema = resolve(schema.items ?? {});
  const limit = itemLimit(schema);
  const full = limit !== undefined && items.length >= limit;
  return (
    <div className="array-field" data-path={path.join('.')}>
      {items.map((item, index) => (
        <div key={index} className="array-field__item">
          <SchemaField
            schema={itemSchema}
            value={item}
            path={[...path, String(index)]}
            data={data}
            onChange={(next) => onChange(items.map((old, i) => (i === index ? next : old)))}
          />
          <button
            type="button"
            className="chip chip--danger"
            aria-label={`Remove ${humanise(path.at(-1) ?? 'item')} ${index + 1}`}
            onClick={() => onChange(items.filter((_, i) => i !== index))}
          >
            ✕
          </button>
        </div>
      ))}
      <div className="array-field__bar">
        <button
          type="button"
          className="chip"
          disabled={full}
          onClick={() => {
            onChange([...items, freshItem(itemSchema, path, items)]);
          }}
        >
          + Add{' '}
          {humanise(path.at(-1) ?? 'item')
            .replace(/s$/, '')
            .toLowerCase()}
        </button>
        {limit !== undefined && (
          <span className={`text-field__count${items.length > limit ? ' text-field__count--over' : ''}`}>
            {items.length}/{limit} (WhatsApp's limit)
          </span>
        )}
      </div>
    </div>
  );
}

function ObjectField({ schema, value, path, data, onChange }: FieldProps) {
  const record =
    value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const missing = new Set(emptyRequiredKeys(schema, record));
  // `label` first: it is what the card shows.
  const keys = Object.keys(properties).sort((a, b) => Number(b === 'label') - Number(a === 'label'));
  return (
    <div className="object-field">
      {keys.map((key) => {
        const child = resolve(properties[key]);
        const childPath = [...path, key];
        const present = record[key] !== undefined;
        const type = typeOf(child);
        const set = (next: unknown) => {
          const copy = { ...record };
          if (next === undefined || (next === '' && !required.has(key))) delete copy[key];
          else copy[key] = next;
          onChange(copy);
        };
        // Optional structures (media, buttons, a fallback template...) are added on demand.
        if (!present && !required.has(key) && (type === 'object' || type === 'array')) {
          return (
            <div key={key} className="field field--absent">
              <span className="field__label">{humanise(key)}</span>
              <button
                type="button"
                className="chip"
                onClick={() => {
                  const empty = emptyValue(child);
                  // A list that needs an item (buttons) starts with one valid item, not an error.
                  set(
                    type === 'array' && (child.minItems ?? 0) > 0
                      ? [freshItem(resolve(child.items ?? {}), childPath, [])]
                      : empty,
                  );
                }}
              >
                + Add {humanise(key).toLowerCase()}
              </button>
            </div>
          );
        }
        return (
          <div key={key} className="field" data-field={childPath.join('.')}>
            <label className="field__label" htmlFor={idOf(childPath)}>
              {humanise(key)}
              {required.has(key) && <span aria-hidden="true"> *</span>}
              {!required.has(key) && present && (type === 'object' || type === 'array') && (
                <button
                  type="button"
                  className="chip chip--danger field__remove"
                  onClick={() => set(undefined)}
                  aria-label={`Remove ${humanise(key).toLowerCase()}`}
                >
                  remove
                </button>
              )}
            </label>
            {child.description && type !== 'object' && !isDuration(child) && (
              <span className="field__hint">{child.description}</span>
            )}
            <SchemaField schema={child} value={record[key]} path={childPath} data={data} onChange={set} />
            {missing.has(key) && (
              <span className="field__error" role="alert">
                Required: fill it in or insert a variable.
              </span>
            )}
          </div>
        );
      })}
    </div>
  );
}

/** One field generated from its JSON Schema: the property panel is this, applied to a node's data. */
export function SchemaField(props: FieldProps) {
  const schema = resolve(props.schema);
  const { value, path, data, onChange } = props;
  const id = idOf(path);
  if (isTemplateRef(schema)) {
    return (
      <TemplatePicker
        id={id}
        value={(value as Record<string, unknown>) ?? {}}
        onChange={(next) => onChange(next)}
      />
    );
  }
  if (isDuration(schema)) {
    return <DurationField id={id} value={typeof value === 'string' ? value : ''} onChange={onChange} />;
  }
  switch (typeOf(schema)) {
    case 'string':
      if (schema.enum) break;
      return (
        <TemplateTextField
          id={id}
          value={typeof value === 'string' ? value : ''}
          multiline={isProse(schema)}
          limit={textLimit(schema, data)}
          onChange={onChange}
        />
      );
    case 'number':
    case 'integer':
      return (
        <input
          id={id}
          type="number"
          className="field__input"
          min={schema.minimum}
          max={schema.maximum}
          step={typeOf(schema) === 'integer' ? 1 : 'any'}
          value={typeof value === 'number' ? value : ''}
          onChange={(event) =>
            onChange(event.currentTarget.value === '' ? undefined : Number(event.currentTarget.value))
          }
        />
      );
    case 'boolean':
      return (
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          onChange={(event) => onChange(event.currentTarget.checked)}
        />
      );
    case 'array':
      return <ArrayField {...props} schema={schema} />;
    case 'object':
      if (schema.properties) return <ObjectField {...props} schema={schema} />;
      return <JsonField path={path} value={value} onChange={onChange} />;
  }
  if (schema.enum) {
    return (
      <select
        id={id}
        className="field__input"
        value={value === undefined ? '' : String(value)}
        onChange={(event) => onChange(event.currentTarget.value || undefined)}
      >
        <option value="">—</option>
        {schema.enum.map((option) => (
          <option key={String(option)} value={String(option)}>
            {String(option)}
          </option>
        ))}
      </select>
    );
  }
  return <JsonField path={path} value={value} onChange={onChange} />;
}
