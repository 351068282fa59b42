import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// The slice of Prisma's DMMF (datamodel part) the tests read. Written by the dataModel generator of
// prisma/schema.prisma during `prisma generate`.
export interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUpdatedAt: boolean;
  hasDefaultValue: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  default?: unknown;
  relationName?: string;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
}

export interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}

export interface DmmfEnum {
  name: string;
  dbName?: string | null;
  values: Array<{ name: string; dbName?: string | null }>;
}

export interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  dbName?: string | null;
  fields: Array<{ name: string }>;
}

export interface DataModel {
  models: DmmfModel[];
  enums: DmmfEnum[];
  indexes: DmmfIndex[];
}

const DATA_MODEL_FILE = resolve(__dirname, '../../src/generated/data-model.json');

export function loadDataModel(): DataModel {
  if (!existsSync(DATA_MODEL_FILE)) {
    throw new Error(`${DATA_MODEL_FILE} is missing: run the generate command of docs/data-model.md first`);
  }
  return JSON.parse(readFileSync(DATA_MODEL_FILE, 'utf8')) as DataModel;
}

export const tableName = (model: DmmfModel): string => model.dbName ?? model.name;
export const columnName = (field: DmmfField): string => field.dbName ?? field.name;
export const enumTypeName = (enumDef: DmmfEnum): string => enumDef.dbName ?? enumDef.name;
export const scalarFields = (model: DmmfModel): DmmfField[] =>
  model.fields.filter((f) => f.kind !== 'object');

export function fieldNamed(model: DmmfModel, name: string): DmmfField {
  const field = model.fields.find((f) => f.name === name);
  if (!field) throw new Error(`${model.name} has no field ${name}`);
  return field;
}

/** Relation fields that own a foreign key (the side with `fields: [...]`). */
export const foreignKeyRelations = (model: DmmfModel): DmmfField[] =>
  model.fields.filter((f) => f.kind === 'object' && (f.relationFromFields?.length ?? 0) > 0);

/** The lower-camel-case property of PrismaClient for a model, e.g. FlowRun -> flowRun. */
export const delegateName = (model: DmmfModel): string => model.name[0].toLowerCase() + model.name.slice(1);
