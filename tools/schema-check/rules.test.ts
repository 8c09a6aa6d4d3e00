import fs from 'node:fs';
import path from 'node:path';
import { buildSchema } from 'graphql';
import { failures, judgeChanges } from './rules';
import { compareSupergraphs, RELEASED_SUPERGRAPH } from './check';

const RELEASED = buildSchema(/* GraphQL */ `
  type Query {
    household(id: ID!): Household
    households(first: Int): [Household!]!
  }
  type Household {
    id: ID!
    registrationNumber: String!
    legacyCode: String @deprecated(reason: "use registrationNumber")
    status: Status!
  }
  enum Status {
    IDENTIFIED
    EXITED
    OLD @deprecated(reason: "merged into EXITED")
  }
`);

function judge(current: string) {
  return judgeChanges(RELEASED, buildSchema(current));
}

const CURRENT_BASE = /* GraphQL */ `
  type Query {
    household(id: ID!): Household
    households(first: Int): [Household!]!
  }
  enum Status {
    IDENTIFIED
    EXITED
    OLD @deprecated(reason: "merged into EXITED")
  }
`;

describe('schema-check rule', () => {
  it('fails on a removed field that was not deprecated', () => {
    const verdicts = judge(`${CURRENT_BASE} type Household { id: ID! legacyCode: String status: Status! }`);
    expect(failures(verdicts).map((v) => v.coordinate)).toEqual(['Household.registrationNumber']);
  });

  it('passes a removed field that was deprecated', () => {
    const verdicts = judge(`${CURRENT_BASE} type Household { id: ID! registrationNumber: String! status: Status! }`);
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]).toMatchObject({ coordinate: 'Household.legacyCode', allowed: true });
    expect(failures(verdicts)).toEqual([]);
  });

  it('passes an added optional argument', () => {
    const verdicts = judge(
      CURRENT_BASE.replace('households(first: Int)', 'households(first: Int, status: Status)') +
        ' type Household { id: ID! registrationNumber: String! legacyCode: String status: Status! }',
    );
    expect(verdicts).toEqual([]);
  });

  it('fails on an added required argument', () => {
    const verdicts = judge(
      CURRENT_BASE.replace('households(first: Int)', 'households(first: Int, region: String!)') +
        ' type Household { id: ID! registrationNumber: String! legacyCode: String status: Status! }',
    );
    expect(failures(verdicts).map((v) => v.coordinate)).toEqual(['Query.households(region:)']);
  });

  it('passes a removed deprecated enum value and fails a removed live one', () => {
    const household = ' type Household { id: ID! registrationNumber: String! legacyCode: String status: Status! }';
    const withoutOld = CURRENT_BASE.replace(/\s+OLD @deprecated\(reason: "merged into EXITED"\)/, '') + household;
    expect(failures(judge(withoutOld))).toEqual([]);
    const withoutExited = CURRENT_BASE.replace(/\s+EXITED\n/, '\n') + household;
    expect(failures(judge(withoutExited)).map((v) => v.coordinate)).toEqual(['Status.EXITED']);
  });

  it('fails on a changed type of a live field', () => {
    const verdicts = judge(`${CURRENT_BASE} type Household { id: ID! registrationNumber: Int! legacyCode: String status: Status! }`);
    expect(failures(verdicts).map((v) => v.coordinate)).toEqual(['Household.registrationNumber']);
  });
});

describe('schema-check on supergraphs', () => {
  const current = fs.readFileSync(path.resolve(__dirname, '../../apps/gateway/supergraph.graphql'), 'utf8');

  it('the released supergraph exists', () => {
    expect(fs.existsSync(RELEASED_SUPERGRAPH)).toBe(true);
  });

  it('finds a field removed from a subgraph, in the API schema and in that subgraph', () => {
    const released = current.replace(
      '  registrationNumber: String! @join__field(graph: HOUSEHOLDS)\n',
      '  registrationNumber: String! @join__field(graph: HOUSEHOLDS)\n  oldNumber: String @join__field(graph: HOUSEHOLDS)\n',
    );
    expect(released).not.toBe(current);
    const report = compareSupergraphs(released, current);
    expect(report.ok).toBe(false);
    expect(failures(report.api).map((v) => v.coordinate)).toEqual(['Household.oldNumber']);
    const households = report.subgraphs.find((s) => s.name === 'households')!;
    expect(failures(households.verdicts).map((v) => v.coordinate)).toEqual(['Household.oldNumber']);
    expect(report.subgraphs.filter((s) => s.name !== 'households').every((s) => failures(s.verdicts).length === 0)).toBe(true);
  });

  it('allows the same removal when the field was deprecated in the release', () => {
    const released = current.replace(
      '  registrationNumber: String! @join__field(graph: HOUSEHOLDS)\n',
      '  registrationNumber: String! @join__field(graph: HOUSEHOLDS)\n  oldNumber: String @join__field(graph: HOUSEHOLDS) @deprecated(reason: "gone")\n',
    );
    const report = compareSupergraphs(released, current);
    expect(report.ok).toBe(true);
    expect(report.api.map((v) => [v.coordinate, v.allowed])).toEqual([['Household.oldNumber', true]]);
  });
});
