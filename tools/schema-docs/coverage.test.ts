import fs from 'node:fs';
import { buildSchema } from 'graphql';
import { apiSchemaOf, descriptionCoverage, formatCoverage, REQUIRED_SHARE, SUPERGRAPH_FILE } from './coverage';

describe('schema description coverage', () => {
  const schema = buildSchema(`
    type Query {
      "Schools in a region."
      schools("Region code." regionCode: String!, first: Int!): [School!]!
    }
    "A school."
    type School { id: ID! "Its name." name: String! kind: Kind! }
    enum Kind { "小学." PRIMARY SECONDARY }
    input Filter { "Region code." regionCode: String! type: Kind }
    scalar Fen
  `);

  it('counts types, fields, arguments and enum values, leaving out the root type and built-in scalars', () => {
    const coverage = descriptionCoverage(schema);
    expect(coverage.byKind).toEqual({
      type: { documented: 1, total: 4 },
      field: { documented: 3, total: 6 },
      argument: { documented: 1, total: 2 },
      enumValue: { documented: 1, total: 2 },
    });
    expect(coverage.documented).toBe(6);
    expect(coverage.total).toBe(14);
    expect(coverage.share).toBeCloseTo(6 / 14);
  });

  it('names each undocumented element by its schema coordinate', () => {
    expect(descriptionCoverage(schema).missing).toEqual(
      expect.arrayContaining(['Fen', 'Filter', 'Filter.type', 'Kind', 'Kind.SECONDARY', 'Query.schools(first:)', 'School.id', 'School.kind']),
    );
    expect(descriptionCoverage(schema).missing).toHaveLength(8);
  });

  it('treats a blank description as missing', () => {
    expect(descriptionCoverage(buildSchema('type Query { "  " a: Int }')).missing).toEqual(['Query.a']);
  });

  it('prints the share and one line per kind', () => {
    const lines = formatCoverage(descriptionCoverage(schema));
    expect(lines[0]).toBe('schema descriptions: 42.9% of 14 types, fields, arguments and enum values (required 95%)');
    expect(lines.slice(1).map((l) => l.trim().split(/\s+/)[0])).toEqual(['types', 'fields', 'arguments', 'enum']);
  });

  it(`keeps the composed API schema at ${REQUIRED_SHARE * 100}% or more`, () => {
    const coverage = descriptionCoverage(apiSchemaOf(fs.readFileSync(SUPERGRAPH_FILE, 'utf8')));
    expect(coverage.share).toBeGreaterThanOrEqual(REQUIRED_SHARE);
  });
});
