import { useEditor } from '../../store';
import { TemplateTextField } from './variable-picker';

interface TemplateRefValue {
  name?: string;
  language?: string;
  params?: string[];
  [key: string]: unknown;
}

/**
 * Why the template a step names is not one of the sendable choices, in words: it used to say "not
 * synced" even for a synced template that was merely waiting for approval.
 */
export function whyNotPickable(
  all: ReadonlyArray<{ name: string; language: string; status?: string }>,
  value: { name?: string; language?: string },
): string {
  if (!all.length) return 'your templates are not loaded (sign in to see them)';
  const same = all.find((template) => template.name === value.name && template.language === value.language);
  if (same)
    return same.status === 'pending' ? 'waiting for approval' : `not approved (${same.status ?? 'unknown'})`;
  if (all.some((template) => template.name === value.name)) return 'not available in this language';
  return 'not in this workspace';
}

/**
 * Picks one of the workspace's approved templates (only those can be sent) and fills its body
 * parameters, one slot per `{{n}}`, each a `{{ }}` text. A template the workspace does not know (yet),
 * or that is not approved, is kept and shown as such.
 */
export function TemplatePicker({
  id,
  value,
  onChange,
}: {
  id: string;
  value: TemplateRefValue;
  onChange(value: TemplateRefValue): void;
}) {
  const all = useEditor((state) => state.templates);
  const templates = all.filter((template) => !template.status || template.status === 'approved');
  const current = `${value.name ?? ''}|${value.language ?? ''}`;
  const known = templates.find((template) => `${template.name}|${template.language}` === current);
  const slots = Math.max(known?.bodyParams ?? 0, value.params?.length ?? 0);
  const params = Array.from({ length: slots }, (_, index) => value.params?.[index] ?? '');
  return (
    <div className="template-picker">
      <select
        id={id}
        className="field__input"
        value={known ? current : ''}
        onChange={(event) => {
          const picked = templates.find(
            (template) => `${template.name}|${template.language}` === event.currentTarget.value,
          );
          if (!picked) return;
          onChange({
            ...value,
            name: picked.name,
            language: picked.language,
            params: Array.from({ length: picked.bodyParams }, (_, index) => value.params?.[index] ?? ''),
          });
        }}
      >
        <option value="" disabled>
          {value.name
            ? `${value.name} (${value.language}) — ${whyNotPickable(all, value)}`
            : 'Pick a template…'}
        </option>
        {templates.map((template) => (
          <option
            key={`${template.name}|${template.language}`}
            value={`${template.name}|${template.language}`}
          >
            {template.name} ({template.language})
          </option>
        ))}
      </select>
      {known?.body && <p className="template-picker__body">{known.body}</p>}
      {params.map((param, index) => (
        <label key={index} className="field" htmlFor={`${id}-p${index}`}>
          <span className="field__label">{`{{${index + 1}}}`}</span>
          <TemplateTextField
            id={`${id}-p${index}`}
            value={param}
            multiline={false}
            onChange={(text) =>
              onChange({ ...value, params: params.map((old, i) => (i === index ? text : old)) })
            }
          />
        </label>
      ))}
    </div>
  );
}
