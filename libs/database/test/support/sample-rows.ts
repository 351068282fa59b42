import { randomInt, randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../src';
import {
  delegateName,
  foreignKeyRelations,
  scalarFields,
  type DataModel,
  type DmmfEnum,
  type DmmfField,
  type DmmfModel,
} from './data-model';

type Row = Record<string, unknown>;

interface Delegate {
  create(args: { data: Row }): Promise<Row>;
  update(args: { where: Row; data: Row }): Promise<Row>;
  findFirstOrThrow(args: { where: Row }): Promise<Row>;
  upsert(args: { where: Row; create: Row; update: Row }): Promise<Row>;
}

export function delegateOf(client: PrismaClient, model: DmmfModel): Delegate {
  return (client as unknown as Record<string, Delegate>)[delegateName(model)];
}

/** A distinct, non-default value for a scalar field, so a swapped or dropped column shows. */
function sampleValue(
  enumsByName: Map<string, DmmfEnum>,
  model: DmmfModel,
  field: DmmfField,
  salt: string,
  n: number,
): unknown {
  const one = (): unknown => {
    if (field.kind === 'enum') {
      const values = enumsByName.get(field.type)!.values;
      return values[values.length - 1].name;
    }
    switch (field.type) {
      case 'String':
        return field.nativeType?.[0] === 'Uuid' ? randomUUID() : `${model.name}.${field.name} ü ${salt}-${n}`;
      case 'Int':
        return 1000 + n;
      case 'BigInt':
        // Beyond Number.MAX_SAFE_INTEGER: a column that is not bigint, or a lossy mapping, shows.
        return 9_007_199_254_740_993n + BigInt(n);
      case 'Boolean':
        return true;
      case 'DateTime':
        return new Date(Date.UTC(2030, 0, 2, 3, 4, 5, n % 1000));
      case 'Json':
        return { model: model.name, field: field.name, nested: [1, 'two', { three: true, n }] };
      case 'Bytes':
        return Uint8Array.from([0, 1, 2, 254, 255, n % 256]);
      default:
        throw new Error(`the test does not know how to fill ${model.name}.${field.name} (${field.type})`);
    }
  };
  return field.isList ? [one(), one()] : one();
}

/**
 * Creates one row per model with every scalar field set. Models are created parents first; an optional
 * foreign key whose target does not exist yet (e.g. flows.active_version_id) is filled by an update
 * once everything exists.
 */
export async function createOneOfEverything(client: PrismaClient, dataModel: DataModel) {
  const enumsByName = new Map(dataModel.enums.map((enumDef) => [enumDef.name, enumDef]));
  const run = randomUUID().slice(0, 8);
  const created = new Map<string, string>();
  const rows = new Map<string, Row>();
  const deferred: Array<{ model: DmmfModel; data: Row }> = [];
  const pending = [...dataModel.models];
  let n = 0;

  while (pending.length > 0) {
    const ready = (model: DmmfModel, includeOptional: boolean) =>
      foreignKeyRelations(model).every(
        (relation) =>
          created.has(relation.type) ||
          relation.type === model.name ||
          (!relation.isRequired && !includeOptional),
      );
    const next = pending.find((model) => ready(model, true)) ?? pending.find((model) => ready(model, false));
    if (!next)
      throw new Error(`cannot order models: ${pending.map((m) => m.name).join(', ')} need each other`);
    pending.splice(pending.indexOf(next), 1);

    // Each foreign-key field, with the model and field it references: a composite key's fields each
    // take their own (conversations' (tenant_id, contact_id) -> the contact's tenant_id and id).
    const foreignKeyFields = new Map<string, { model: string; field: string }>();
    for (const relation of foreignKeyRelations(next)) {
      relation.relationFromFields!.forEach((name, i) => {
        if (!foreignKeyFields.has(name))
          foreignKeyFields.set(name, { model: relation.type, field: relation.relationToFields![i] });
      });
    }
    const referenced = (target: { model: string; field: string }) => rows.get(target.model)?.[target.field];
    const data: Row = {};
    const later: Row = {};
    for (const field of scalarFields(next)) {
      const target = foreignKeyFields.get(field.name);
      if (field.isId && field.type === 'BigInt')
        data[field.name] = 9_007_199_254_740_993n + BigInt(randomInt(1e12));
      else if (field.isId && target) data[field.name] = referenced(target);
      else if (field.isId) data[field.name] = randomUUID();
      else if (target && created.has(target.model)) data[field.name] = referenced(target);
      else if (target) later[field.name] = null;
      else data[field.name] = sampleValue(enumsByName, next, field, run, ++n);
    }
    const key = idName(next);
    // A row keyed by its parent's id (contact_activity) may already have been written by a trigger
    // when the parent was created: upserted, with every field set to the sample's.
    if (foreignKeyFields.has(key))
      await delegateOf(client, next).upsert({ where: { [key]: data[key] }, create: data, update: data });
    else await delegateOf(client, next).create({ data });
    created.set(next.name, data[key] as string);
    rows.set(next.name, data);
    if (Object.keys(later).length > 0) deferred.push({ model: next, data: later });
  }

  for (const { model, data } of deferred) {
    for (const name of Object.keys(data)) {
      const relation = foreignKeyRelations(model).find((r) => r.relationFromFields!.includes(name))!;
      data[name] = rows.get(relation.type)![
        relation.relationToFields![relation.relationFromFields!.indexOf(name)]
      ];
    }
    const row = rows.get(model.name)!;
    // Keep @updatedAt fields at the value we set, so the read-back compares every field.
    for (const field of scalarFields(model).filter((f) => f.isUpdatedAt)) data[field.name] = row[field.name];
    await delegateOf(client, model).update({ where: { id: row.id }, data });
    Object.assign(row, data);
  }
  return { created, rows };
}

/** The model's primary key field (`id`, or the parent's id for a one-to-one extension row). */
export function idName(model: DmmfModel): string {
  return scalarFields(model).find((field) => field.isId)?.name ?? 'id';
}

/** A form of a field value that toEqual compares exactly (dates to the ms, bytes, bigints). */
export function comparable(value: unknown): unknown {
  if (value instanceof Date) return `Date(${value.toISOString()})`;
  if (value instanceof Uint8Array) return `Bytes(${Buffer.from(value).toString('hex')})`;
  if (typeof value === 'bigint') return `BigInt(${value})`;
  if (Array.isArray(value)) return value.map(comparable);
  return value;
}
