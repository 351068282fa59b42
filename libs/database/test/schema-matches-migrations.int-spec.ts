// The migrations are written by hand (there is no Prisma schema engine here), so this test is what
// keeps them in step with prisma/schema.prisma: it reads Prisma's own data model (DMMF) and checks the
// migrated database against every model, field, enum, index and foreign key in it.
import { createPrismaClient, runMigrations, type PrismaClient } from '../src';
import {
  columnName,
  enumTypeName,
  fieldNamed,
  foreignKeyRelations,
  loadDataModel,
  scalarFields,
  tableName,
  type DmmfField,
  type DmmfIndex,
  type DmmfModel,
} from './support/data-model';
import { loadSchemaPartialIndexes, type SchemaPartialIndex } from './support/partial-indexes';
import { comparable, createOneOfEverything, delegateOf, idName } from './support/sample-rows';
import { databaseUrl, dropDatabase, throwAwayDatabaseName, withClient } from './support/test-database';

const dataModel = loadDataModel();
const partialIndexes = loadSchemaPartialIndexes();
const modelsByName = new Map(dataModel.models.map((model) => [model.name, model]));
const enumsByName = new Map(dataModel.enums.map((enumDef) => [enumDef.name, enumDef]));
const database = throwAwayDatabaseName();
let prisma: PrismaClient;

beforeAll(async () => {
  await runMigrations({ databaseUrl: databaseUrl(database) });
  prisma = createPrismaClient({ url: databaseUrl(database) });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await dropDatabase(database);
});

function expectedType(field: DmmfField): string {
  let base: string;
  if (field.kind === 'enum') {
    base = enumTypeName(enumsByName.get(field.type)!);
  } else if (field.nativeType?.[0] === 'Uuid') {
    base = 'uuid';
  } else if (field.nativeType?.[0] === 'Timestamptz') {
    base = `timestamp(${field.nativeType[1][0] ?? 6}) with time zone`;
  } else if (field.nativeType) {
    throw new Error(`the test does not know native type @db.${field.nativeType[0]} yet (${field.name})`);
  } else {
    const types: Record<string, string> = {
      String: 'text',
      Int: 'integer',
      BigInt: 'bigint',
      Boolean: 'boolean',
      DateTime: 'timestamp(3) without time zone',
      Json: 'jsonb',
      Bytes: 'bytea',
      Float: 'double precision',
    };
    base = types[field.type];
    if (!base) throw new Error(`the test does not know Prisma type ${field.type} yet (${field.name})`);
  }
  return field.isList ? `${base}[]` : base;
}

/** The column default Prisma's migrations give a field, as PostgreSQL prints it back. */
function expectedDefault(model: DmmfModel, field: DmmfField): string | null {
  if (!field.hasDefaultValue) return null;
  const value = field.default as { name?: string; args?: unknown[] } | string | number | unknown[];
  // autoincrement() is a (BIG)SERIAL column: its sequence is named <table>_<column>_seq.
  if (typeof value === 'object' && (value as { name?: string })?.name === 'autoincrement') {
    return `nextval('${tableName(model)}_${columnName(field)}_seq'::regclass)`;
  }
  if (Array.isArray(value)) {
    if (value.length > 0)
      throw new Error(`non-empty list default on ${field.name} is not handled by the test`);
    return `ARRAY[]::${expectedType(field)}`;
  }
  if (typeof value === 'object' && value?.name === 'dbgenerated') return String(value.args?.[0]);
  if (typeof value === 'object' && value?.name === 'now') return 'CURRENT_TIMESTAMP';
  if (field.kind === 'enum') return `'${value}'::${expectedType(field)}`;
  if (field.type === 'Json') return `'${value}'::jsonb`;
  if (typeof value === 'number') return String(value);
  if (field.type === 'String') return `'${value}'::text`;
  return String(value);
}

interface ColumnInfo {
  column: string;
  type: string;
  nullable: boolean;
  default: string | null;
}

async function columnsOf(table: string): Promise<ColumnInfo[]> {
  return withClient(database, async (client) => {
    const { rows } = await client.query<ColumnInfo>(
      `SELECT a.attname::text AS column, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
              pg_get_expr(d.adbin, d.adrelid) AS default
         FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum`,
      [`public."${table}"`],
    );
    return rows;
  });
}

describe('the migrated database matches prisma/schema.prisma', () => {
  it('has every enum with the same values in the same order', async () => {
    const enums = await withClient(database, async (client) => {
      const { rows } = await client.query<{ name: string; values: string[] }>(
        `SELECT t.typname::text AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
           FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
      );
      return new Map(rows.map((row) => [row.name, row.values]));
    });

    for (const enumDef of dataModel.enums) {
      expect({ enum: enumDef.name, values: enums.get(enumTypeName(enumDef)) }).toEqual({
        enum: enumDef.name,
        values: enumDef.values.map((value) => value.dbName ?? value.name),
      });
    }
  });

  it.each(dataModel.models.map((model) => [model.name, model] as const))(
    '%s: same columns, types, nullability and defaults',
    async (_name, model) => {
      const actual = await columnsOf(tableName(model));
      // Prisma never puts NOT NULL on scalar-list columns.
      const expected = scalarFields(model).map((field) => ({
        column: columnName(field),
        type: expectedType(field),
        nullable: field.isList || !field.isRequired,
        default: expectedDefault(model, field),
      }));

      expect(sortByColumn(actual)).toEqual(sortByColumn(expected));
    },
  );

  it.each(dataModel.models.map((model) => [model.name, model] as const))(
    '%s: same primary key, unique constraints and indexes (with their partial predicates), under the names Prisma gives them',
    async (_name, model) => {
      const table = tableName(model);
      const actual = await withClient(database, async (client) => {
        const { rows } = await client.query<{
          name: string;
          unique: boolean;
          primary: boolean;
          columns: string[];
          predicate: string | null;
        }>(
          `SELECT c.relname::text AS name, i.indisunique AS unique, i.indisprimary AS primary,
                  array(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(attnum, n)
                        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.n) AS columns,
                  pg_get_expr(i.indpred, i.indrelid) AS predicate
             FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = $1::regclass`,
          [`public."${table}"`],
        );
        return rows;
      });
      const partial = partialIndexes.filter((index) => index.model === model.name);
      const expected = [];
      for (const index of dataModel.indexes.filter((candidate) => candidate.model === model.name)) {
        const columns = index.fields.map((f) => columnName(fieldNamed(model, f.name)));
        const suffix = { id: 'pkey', unique: 'key', normal: 'idx', fulltext: 'idx' }[index.type];
        const name =
          index.dbName ?? (index.type === 'id' ? `${table}_pkey` : `${table}_${columns.join('_')}_${suffix}`);
        const where = partial.filter((p) => declares(p, index));
        if (where.length > 1) throw new Error(`${name}: ${where.length} schema lines declare it`);
        expected.push({
          name,
          unique: index.type !== 'normal',
          primary: index.type === 'id',
          columns,
          predicate: where.length ? await printedPredicate(table, columns[0], where[0].predicate) : null,
        });
      }
      // Every `where: raw(…)` the schema has for the model is one of the DMMF's indexes (the parse works).
      expect(partial.filter((p) => !dataModel.indexes.some((index) => declares(p, index)))).toEqual([]);

      expect(sortByName(actual)).toEqual(sortByName(expected));
    },
  );

  it.each(dataModel.models.map((model) => [model.name, model] as const))(
    '%s: same foreign keys, referential actions and constraint names',
    async (_name, model) => {
      const actual = await withClient(database, async (client) => {
        const { rows } = await client.query(
          `SELECT c.conname::text AS name, c.confrelid::regclass::text AS "references", c.confdeltype AS "onDelete",
                  c.confupdtype AS "onUpdate",
                  array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
                        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.n) AS columns,
                  array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n)
                        JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.n) AS "referencedColumns"
             FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid = $1::regclass`,
          [`public."${tableName(model)}"`],
        );
        return rows;
      });
      const actionCodes: Record<string, string> = {
        Cascade: 'c',
        SetNull: 'n',
        NoAction: 'a',
        Restrict: 'r',
        SetDefault: 'd',
      };
      const expected = foreignKeyRelations(model).map((relation) => {
        const target = modelsByName.get(relation.type)!;
        const columns = relation.relationFromFields!.map((name) => columnName(fieldNamed(model, name)));
        return {
          name: `${tableName(model)}_${columns.join('_')}_fkey`,
          references: tableName(target),
          onDelete: actionCodes[relation.relationOnDelete ?? (relation.isRequired ? 'Restrict' : 'SetNull')],
          onUpdate: 'c',
          columns,
          referencedColumns: relation.relationToFields!.map((name) => columnName(fieldNamed(target, name))),
        };
      });

      expect(sortByName(actual)).toEqual(sortByName(expected));
    },
  );

  it('stores and returns every scalar field of every model through the Prisma client', async () => {
    const { created, rows } = await createOneOfEverything(prisma, dataModel);

    expect([...created.keys()].sort()).toEqual(dataModel.models.map((model) => model.name).sort());
    for (const model of dataModel.models) {
      const delegate = delegateOf(prisma, model);
      // findFirst: a model keyed by several fields (run_events: run_id, seq) has no single unique field.
      const stored = await delegate.findFirstOrThrow({
        where: { [idName(model)]: created.get(model.name) },
      });
      const expected = rows.get(model.name)!;
      for (const field of scalarFields(model)) {
        expect({ field: `${model.name}.${field.name}`, value: comparable(stored[field.name]) }).toEqual({
          field: `${model.name}.${field.name}`,
          value: comparable(expected[field.name]),
        });
      }
    }
  });
});

/** Whether a schema line with `where: raw(…)` is this DMMF index (same model, kind, fields and map name). */
function declares(partial: SchemaPartialIndex, index: DmmfIndex): boolean {
  return (
    partial.model === index.model &&
    partial.type === index.type &&
    partial.dbName === (index.dbName ?? null) &&
    partial.fields.join(',') === index.fields.map((f) => f.name).join(',')
  );
}

/**
 * The schema's predicate as PostgreSQL prints it back (parentheses, casts): built on a scratch index
 * in a transaction that is rolled back, so both sides are compared in PostgreSQL's own form.
 */
async function printedPredicate(table: string, column: string, predicate: string): Promise<string> {
  return withClient(database, async (client) => {
    await client.query('BEGIN');
    try {
      await client.query(
        `CREATE INDEX "predicate_check" ON public."${table}" ("${column}") WHERE ${predicate}`,
      );
      const { rows } = await client.query<{ predicate: string }>(
        `SELECT pg_get_expr(indpred, indrelid) AS predicate FROM pg_index WHERE indexrelid = 'public.predicate_check'::regclass`,
      );
      return rows[0].predicate;
    } finally {
      await client.query('ROLLBACK');
    }
  });
}

function sortByColumn<T extends { column: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => a.column.localeCompare(b.column));
}

function sortByName<T extends { name: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => a.name.localeCompare(b.name));
}
