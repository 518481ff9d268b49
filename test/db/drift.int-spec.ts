// Drift guard: prisma/schema.prisma (the model) against the catalog of a database built by our migration runner
// from prisma/migrations (what production gets). `prisma migrate diff` would do this but needs the schema engine,
// which cannot be downloaded here (../shared/stack.md), and the generated client's runtimeDataModel carries no
// nullability or native types; @prisma/internals (getDMMF) is not installed. So the schema is parsed here — the
// subset Prisma's PostgreSQL models use: models/views/enums, @map/@@map, ?, [], @db.*, relations, @ignore.
//
// Fails when: a model has no table; a scalar field has no column, or a column of another type or nullability; a
// table or a column exists that the schema lacks (except _prisma_migrations). Adding a field or model to
// schema.prisma without a migration therefore fails — the last two tests prove it on the real schema text.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { createTestDb, type TestDb } from '#testing';

// ---------------------------------------------------------------- the schema, parsed

interface SField {
  name: string;
  column: string;
  type: string; // Prisma scalar, enum or model name
  list: boolean;
  optional: boolean;
  native: { name: string; args: number[] } | null;
  ignored: boolean;
}
interface SModel { name: string; table: string; kind: 'model' | 'view'; ignored: boolean; fields: SField[] }
interface SEnum { name: string; dbName: string }
interface ParsedSchema { models: SModel[]; enums: SEnum[]; types: Set<string> }

const SCALARS = new Set(['String', 'Boolean', 'Int', 'BigInt', 'Float', 'Decimal', 'DateTime', 'Json', 'Bytes']);

/** Removes `//` and `///` comments outside string literals. */
function stripComments(src: string): string {
  return src
    .split('\n')
    .map((line) => {
      let inStr = false;
      for (let i = 0; i < line.length; i++) {
        const ch = line[i];
        if (ch === '"' && line[i - 1] !== '\\') inStr = !inStr;
        else if (!inStr && ch === '/' && line[i + 1] === '/') return line.slice(0, i);
      }
      return line;
    })
    .join('\n');
}

const mapArg = (attrs: string, attr: '@map' | '@@map'): string | null => {
  const re = attr === '@map' ? /(?<!@)@map\(\s*(?:name\s*:\s*)?"([^"]+)"/ : /@@map\(\s*(?:name\s*:\s*)?"([^"]+)"/;
  return attrs.match(re)?.[1] ?? null;
};

function parseSchema(src: string): ParsedSchema {
  const text = stripComments(src);
  const blocks = [...text.matchAll(/^\s*(model|view|enum|type)\s+(\w+)\s*\{([\s\S]*?)^\s*\}/gm)];
  const enums: SEnum[] = [];
  const types = new Set<string>();
  const models: SModel[] = [];
  for (const [, kind, name, body] of blocks) {
    const lines = body.split('\n').map((l) => l.trim()).filter(Boolean);
    const blockAttrs = lines.filter((l) => l.startsWith('@@')).join(' ');
    if (kind === 'enum') {
      enums.push({ name, dbName: mapArg(blockAttrs, '@@map') ?? name });
      continue;
    }
    if (kind === 'type') {
      types.add(name);
      continue;
    }
    const fields: SField[] = [];
    for (const line of lines.filter((l) => !l.startsWith('@@'))) {
      const m = line.match(/^(\w+)\s+(Unsupported\("[^"]*"\)|\w+)(\[\])?(\?)?\s*(.*)$/);
      if (!m) throw new Error(`schema.prisma: cannot parse field line in ${name}: ${line}`);
      const [, fname, type, list, optional, attrs] = m;
      const native = attrs.match(/@db\.(\w+)(?:\(([^)]*)\))?/);
      fields.push({
        name: fname,
        column: mapArg(attrs, '@map') ?? fname,
        type,
        list: !!list,
        optional: !!optional,
        native: native ? { name: native[1], args: (native[2] ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(Number) } : null,
        ignored: /(^|\s)@ignore\b/.test(attrs),
      });
    }
    models.push({ name, table: mapArg(blockAttrs, '@@map') ?? name, kind: kind as 'model' | 'view', ignored: /@@ignore\b/.test(blockAttrs), fields });
  }
  return { models, enums, types };
}

// ---------------------------------------------------------------- the database catalog

interface DColumn { column: string; udt: string; dataType: string; nullable: boolean; charMax: number | null; numPrecision: number | null; numScale: number | null; dtPrecision: number | null }
interface Catalog { tables: Map<string, { type: string; columns: Map<string, DColumn> }> }

async function readCatalog(url: string): Promise<Catalog> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const t = await c.query<{ table_name: string; table_type: string }>(
      // partitions (case_events_2026_11, …_default: migration 20261205070000) are their parent's storage, not tables of their own
      `SELECT table_name, table_type FROM information_schema.tables t WHERE table_schema = 'public'
          AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = to_regclass(quote_ident(t.table_name)) AND c.relispartition)`,
    );
    const cols = await c.query<{
      table_name: string; column_name: string; udt_name: string; data_type: string; is_nullable: string;
      character_maximum_length: number | null; numeric_precision: number | null; numeric_scale: number | null; datetime_precision: number | null;
    }>(`SELECT table_name, column_name, udt_name, data_type, is_nullable, character_maximum_length, numeric_precision, numeric_scale,
               datetime_precision
          FROM information_schema.columns WHERE table_schema = 'public'`);
    const tables: Catalog['tables'] = new Map(t.rows.map((r) => [r.table_name, { type: r.table_type, columns: new Map() }]));
    for (const r of cols.rows) {
      tables.get(r.table_name)?.columns.set(r.column_name, {
        column: r.column_name, udt: r.udt_name, dataType: r.data_type, nullable: r.is_nullable === 'YES',
        charMax: r.character_maximum_length, numPrecision: r.numeric_precision, numScale: r.numeric_scale, dtPrecision: r.datetime_precision,
      });
    }
    return { tables };
  } finally {
    await c.end();
  }
}

// ---------------------------------------------------------------- the comparison

/** Prisma's PostgreSQL type for a scalar without @db.* (what `prisma migrate` would create). */
const DEFAULT_UDT: Record<string, string> = {
  String: 'text', Boolean: 'bool', Int: 'int4', BigInt: 'int8', Float: 'float8', Decimal: 'numeric', DateTime: 'timestamp', Json: 'jsonb', Bytes: 'bytea',
};
/** @db.<Native> → udt_name. */
const NATIVE_UDT: Record<string, string> = {
  Text: 'text', VarChar: 'varchar', Char: 'bpchar', Uuid: 'uuid', Xml: 'xml', Inet: 'inet', Citext: 'citext', Bit: 'bit', VarBit: 'varbit',
  Boolean: 'bool', SmallInt: 'int2', Integer: 'int4', BigInt: 'int8', Oid: 'oid', Real: 'float4', DoublePrecision: 'float8',
  Decimal: 'numeric', Money: 'money', Timestamp: 'timestamp', Timestamptz: 'timestamptz', Date: 'date', Time: 'time', Timetz: 'timetz',
  Json: 'json', JsonB: 'jsonb', ByteA: 'bytea',
};

function compare(schema: ParsedSchema, catalog: Catalog): string[] {
  const problems: string[] = [];
  const modelNames = new Set(schema.models.map((m) => m.name));
  const enumByName = new Map(schema.enums.map((e) => [e.name, e]));
  const known = new Set<string>(['_prisma_migrations']);
  for (const model of schema.models) {
    known.add(model.table);
    if (model.ignored) continue;
    const table = catalog.tables.get(model.table);
    if (!table) {
      problems.push(`model ${model.name}: no ${model.kind === 'view' ? 'view' : 'table'} "${model.table}" in the migrated database`);
      continue;
    }
    if (model.kind === 'model' && table.type !== 'BASE TABLE') problems.push(`model ${model.name}: "${model.table}" is a ${table.type}, not a table`);
    const mapped = new Set<string>();
    for (const f of model.fields) {
      if (modelNames.has(f.type) || schema.types.has(f.type)) continue; // relation / composite: no column of its own
      mapped.add(f.column);
      if (f.ignored) continue;
      const col = table.columns.get(f.column);
      const where = `${model.name}.${f.name} ("${model.table}"."${f.column}")`;
      if (!col) {
        problems.push(`${where}: column missing`);
        continue;
      }
      if (!f.list && f.optional !== col.nullable)
        problems.push(`${where}: schema says ${f.optional ? 'optional' : 'required'}, column is ${col.nullable ? 'NULL' : 'NOT NULL'}`);
      if (f.type.startsWith('Unsupported(')) continue;
      const en = enumByName.get(f.type);
      let want: string | undefined;
      if (en) want = en.dbName;
      else if (f.native) want = NATIVE_UDT[f.native.name];
      else if (SCALARS.has(f.type)) want = DEFAULT_UDT[f.type];
      if (!want) {
        problems.push(`${where}: unknown type ${f.type}${f.native ? ` @db.${f.native.name}` : ''} (teach test/db/drift.int-spec.ts)`);
        continue;
      }
      const udt = f.list ? `_${want}` : want;
      if (col.udt !== udt) problems.push(`${where}: expected ${udt}${f.list ? ' (array)' : ''}, column is ${col.udt}`);
      else if (f.native?.args.length) {
        const [a, b] = f.native.args;
        if (['varchar', 'bpchar'].includes(want) && col.charMax !== a) problems.push(`${where}: expected length ${a}, column has ${col.charMax}`);
        if (want === 'numeric' && (col.numPrecision !== a || (b !== undefined && col.numScale !== b)))
          problems.push(`${where}: expected numeric(${f.native.args.join(',')}), column is numeric(${col.numPrecision},${col.numScale})`);
        if (['timestamp', 'timestamptz', 'time', 'timetz'].includes(want) && col.dtPrecision !== a)
          problems.push(`${where}: expected precision ${a}, column has ${col.dtPrecision}`);
      }
    }
    for (const c of table.columns.keys())
      if (!mapped.has(c)) problems.push(`table "${model.table}": column "${c}" is not in model ${model.name}`);
  }
  for (const [name, t] of catalog.tables)
    if (t.type === 'BASE TABLE' && !known.has(name)) problems.push(`table "${name}" exists in the database but no model maps to it`);
  return problems;
}

// ---------------------------------------------------------------- the tests

const SCHEMA_PATH = 'prisma/schema.prisma';
let db: TestDb;
let catalog: Catalog;
let schemaText: string;

beforeAll(async () => {
  db = await createTestDb(); // cloned from a template built by the runner from prisma/migrations
  catalog = await readCatalog(db.url);
  schemaText = readFileSync(SCHEMA_PATH, 'utf8');
});
afterAll(async () => {
  await db?.drop();
});

describe('schema.prisma ↔ migrated database', () => {
  it('parses every model of the schema (and agrees with the generated client on model names)', async () => {
    const parsed = parseSchema(schemaText);
    expect(parsed.models.length).toBeGreaterThan(5);
    // The generated client is built from the same schema; a model missing here means the parser skipped it.
    const { Prisma } = await import('#prisma-client');
    const generated = Object.values((Prisma as unknown as { ModelName: Record<string, string> }).ModelName);
    expect(parsed.models.map((m) => m.name)).toEqual(expect.arrayContaining(generated));
  });

  it('has a table for every model and a compatible column for every scalar field, and nothing unmodelled', () => {
    const problems = compare(parseSchema(schemaText), catalog);
    if (problems.length) throw new Error(`schema.prisma and prisma/migrations disagree — write a migration (docs/migrations.md):\n  ${problems.join('\n  ')}`);
  });

  it('would fail for a field added to schema.prisma without a migration', () => {
    const first = parseSchema(schemaText).models.find((m) => m.kind === 'model' && !m.ignored)!;
    const mutated = schemaText.replace(new RegExp(`(model\\s+${first.name}\\s*\\{)`), `$1\n  driftProbe DateTime? @map("drift_probe") @db.Timestamptz(3)\n  driftProbe2 Int`);
    expect(compare(parseSchema(mutated), catalog)).toEqual([
      `${first.name}.driftProbe ("${first.table}"."drift_probe"): column missing`,
      `${first.name}.driftProbe2 ("${first.table}"."driftProbe2"): column missing`,
    ]);
  });

  it('would fail for a model added without a migration, a dropped model, or a changed type or nullability', () => {
    const parsed = parseSchema(`${schemaText}\nmodel DriftProbe {\n  id String @id\n  @@map("drift_probe")\n}\n`);
    expect(compare(parsed, catalog)).toEqual(['model DriftProbe: no table "drift_probe" in the migrated database']);

    // A model no other model points at (dropping it must not leave dangling relation fields).
    const all = parseSchema(schemaText).models;
    const referenced = new Set(all.flatMap((m) => m.fields.map((f) => f.type)));
    const victim = all.find((m) => m.kind === 'model' && !m.ignored && !referenced.has(m.name) && m.fields.some((f) => SCALARS.has(f.type) && !f.list))!;
    const others = parseSchema(schemaText);
    others.models = others.models.filter((m) => m.name !== victim.name);
    expect(compare(others, catalog)).toEqual([`table "${victim.table}" exists in the database but no model maps to it`]);

    const flipped = parseSchema(schemaText);
    const f = flipped.models.find((m) => m.name === victim.name)!.fields.find((x) => SCALARS.has(x.type) && !x.list)!;
    f.optional = !f.optional;
    f.type = f.type === 'Boolean' ? 'Int' : 'Boolean';
    f.native = null;
    const problems = compare(flipped, catalog);
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/schema says (optional|required)/);
    expect(problems.join('\n')).toMatch(/expected (bool|int4), column is/);
  });
});
