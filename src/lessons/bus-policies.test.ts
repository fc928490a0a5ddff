// A lesson's bus policies: refused when the lesson loads if they are not what a bus can have, and put on the bus
// in the simulator, where DescribeEventBus shows them.

import { describe, expect, it } from 'vitest';
import type { SandboxHost } from '../lambda/host/host.ts';
import { defineArchitecture, type LessonArchitecture } from './architecture.ts';
import { buildLesson } from './build.ts';
import { checkArchitecture } from './references.ts';

const FILE = 'lessons/08-decoupling/architecture.ts';
const noCode: SandboxHost = {
  start() {
    throw new Error('this lesson has no functions');
  },
};

const commerce = defineArchitecture({
  buses: ['commerce'],
  busPolicies: [{ bus: 'commerce', statements: [{ sid: 'warehouse-publishes', account: '111122223333', sources: ['myapp.warehouse'] }] }],
  sampleEvents: [],
});

function problem(edit: (a: any) => void): string {
  const copy = structuredClone(commerce) as any;
  edit(copy);
  try {
    checkArchitecture(copy, FILE);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the architecture was accepted');
}

describe('a bus policy in the lesson contract', () => {
  it('is accepted as declared', () => {
    expect(checkArchitecture(commerce, FILE)).toBe(commerce);
  });

  it('names the statement whose account is not a 12-digit id, or whose sid PutPermission would refuse', () => {
    expect(problem((a) => (a.busPolicies[0].statements[0].account = '1111-2222-3333'))).toBe(
      `${FILE}: busPolicies[0].statements[0].account: must be a 12-digit AWS account id, such as "111122223333".`,
    );
    expect(problem((a) => (a.busPolicies[0].statements[0].sid = 'warehouse publishes'))).toBe(
      `${FILE}: busPolicies[0].statements[0].sid: must be 1 to 64 letters, digits, "-" or "_" (PutPermission's StatementId).`,
    );
  });

  it('refuses a bus the architecture does not declare, two policies for one bus, and a sid used twice', () => {
    expect(problem((a) => (a.busPolicies[0].bus = 'comerce'))).toBe(
      `${FILE}: The bus policy of comerce names the bus "comerce", but the architecture declares no bus of that name (it has "default", "commerce").`,
    );
    expect(problem((a) => a.busPolicies.push(structuredClone(a.busPolicies[0])))).toBe(
      `${FILE}: The bus commerce has two busPolicies entries: a bus has one policy, so give it one entry with every statement.`,
    );
    expect(problem((a) => a.busPolicies[0].statements.push({ sid: 'warehouse-publishes', account: '444455556666' }))).toBe(
      `${FILE}: The bus policy of commerce has two statements with the sid warehouse-publishes: a statement id is unique within a bus's policy.`,
    );
  });
});

describe('a bus policy in the simulator', () => {
  const policyOf = (architecture: LessonArchitecture, bus: string) => {
    const world = buildLesson(architecture, {}, noCode);
    try {
      const { Policy } = world.cloud.events.describeEventBus({ Name: bus });
      return Policy === undefined ? undefined : JSON.parse(Policy);
    } finally {
      world.dispose();
    }
  };

  it('is the bus’s policy: one statement per account, PutEvents by default, limited to the sources given', () => {
    expect(policyOf(commerce, 'commerce')).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'warehouse-publishes',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: 'events:PutEvents',
          Resource: 'arn:aws:events:us-east-1:123456789012:event-bus/commerce',
          Condition: { 'ForAllValues:StringEquals': { 'events:source': ['myapp.warehouse'] } },
        },
      ],
    });
    expect(policyOf(commerce, 'default')).toBeUndefined();
  });

  it('may be on the default bus, and several actions stay a list', () => {
    const onDefault = defineArchitecture({
      busPolicies: [{ bus: 'default', statements: [{ sid: 'ops', account: '444455556666', actions: ['events:PutRule', 'events:PutTargets'] }] }],
      sampleEvents: [],
    });
    expect(policyOf(onDefault, 'default').Statement).toEqual([
      { Sid: 'ops', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: ['events:PutRule', 'events:PutTargets'], Resource: 'arn:aws:events:us-east-1:123456789012:event-bus/default' },
    ]);
  });
});
