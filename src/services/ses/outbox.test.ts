import {
  AlreadyExistsException,
  CreateEmailIdentityCommand,
  CreateEmailTemplateCommand,
  DeleteEmailIdentityCommand,
  GetEmailIdentityCommand,
  ListEmailIdentitiesCommand,
  MessageRejected,
  NotFoundException,
  SendEmailCommand,
  SESv2Client,
} from '@aws-sdk/client-sesv2';
import { beforeEach, describe, expect, it } from 'vitest';
import { localClient } from '../local-request-handler.ts';
import { seededRandom } from '../../bus/random.ts';
import { SesOutbox } from './outbox.ts';
import { handleSesRequest } from './rest-protocol.ts';

/** A real SESv2 client whose requests are answered by `ses` instead of the network. */
function clientFor(ses: SesOutbox): SESv2Client {
  let n = 0;
  return localClient(SESv2Client, (request) => handleSesRequest(ses, request, `req-${++n}`));
}

const simple = (from: string, to: string[]) =>
  new SendEmailCommand({
    FromEmailAddress: from,
    Destination: { ToAddresses: to },
    Content: { Simple: { Subject: { Data: 'Welcome!' }, Body: { Text: { Data: 'Hello' }, Html: { Data: '<p>Hello</p>' } } } },
  });

describe('SESv2 through the AWS SDK', () => {
  let ses: SesOutbox;
  let client: SESv2Client;
  beforeEach(() => {
    ses = new SesOutbox({ now: () => 1_700_000_000_000, random: seededRandom(7), account: '123456789012', region: 'us-east-1' });
    client = clientFor(ses);
  });

  it('creates an identity verified at once, and reads it back', async () => {
    const created = await client.send(new CreateEmailIdentityCommand({ EmailIdentity: 'noreply@myapp.example' }));
    expect(created).toMatchObject({ IdentityType: 'EMAIL_ADDRESS', VerifiedForSendingStatus: true });
    const got = await client.send(new GetEmailIdentityCommand({ EmailIdentity: 'noreply@myapp.example' }));
    expect(got).toMatchObject({ IdentityType: 'EMAIL_ADDRESS', VerifiedForSendingStatus: true, VerificationStatus: 'SUCCESS' });
    const listed = await client.send(new ListEmailIdentitiesCommand({}));
    expect(listed.EmailIdentities).toEqual([{ IdentityType: 'EMAIL_ADDRESS', IdentityName: 'noreply@myapp.example', SendingEnabled: true, VerificationStatus: 'SUCCESS' }]);
  });

  it('refuses a second identity of the same name with AWS message', async () => {
    await client.send(new CreateEmailIdentityCommand({ EmailIdentity: 'myapp.example' }));
    const error = await client.send(new CreateEmailIdentityCommand({ EmailIdentity: 'myapp.example' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlreadyExistsException);
    expect((error as Error).message).toBe('Email identity myapp.example already exist.');
  });

  it('answers NotFoundException for an unknown identity', async () => {
    const error = await client.send(new DeleteEmailIdentityCommand({ EmailIdentity: 'who@nowhere.example' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundException);
    expect((error as Error).message).toBe('Email identity who@nowhere.example does not exist.');
    expect((error as NotFoundException).$metadata.httpStatusCode).toBe(404);
  });

  it('deletes an identity, after which sending from it is rejected', async () => {
    await client.send(new CreateEmailIdentityCommand({ EmailIdentity: 'a@myapp.example' }));
    await client.send(new DeleteEmailIdentityCommand({ EmailIdentity: 'a@myapp.example' }));
    expect(ses.isVerified('a@myapp.example')).toBe(false);
  });

  it('rejects an unverified sender with SES exact MessageRejected text', async () => {
    ses.setSandbox(false);
    const error = await client.send(simple('noreply@myapp.example', ['user@example.com'])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MessageRejected);
    expect((error as Error).message).toBe('Email address is not verified. The following identities failed the check in region US-EAST-1: noreply@myapp.example');
    expect(ses.outbox()).toEqual([]);
  });

  it('in the sandbox, names every unverified recipient too', async () => {
    await client.send(new CreateEmailIdentityCommand({ EmailIdentity: 'myapp.example' }));
    const error = await client.send(simple('Welcome Team <noreply@myapp.example>', ['user@example.com', 'ops@myapp.example', 'success@simulator.amazonses.com', 'other@example.com'])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MessageRejected);
    expect((error as Error).message).toBe('Email address is not verified. The following identities failed the check in region US-EAST-1: user@example.com, other@example.com');
  });

  it('out of the sandbox, sends from a verified domain to anyone and records the message', async () => {
    await client.send(new CreateEmailIdentityCommand({ EmailIdentity: 'myapp.example' }));
    ses.setSandbox(false);
    const { MessageId } = await client.send(simple('noreply@MyApp.example', ['user@example.com']));
    expect(MessageId).toMatch(/^[0-9a-f]{16}-[0-9a-f-]{36}-000000$/);
    expect(ses.outbox()).toEqual([
      { messageId: MessageId, from: 'noreply@MyApp.example', to: ['user@example.com'], cc: [], bcc: [], replyTo: [], subject: 'Welcome!', text: 'Hello', html: '<p>Hello</p>', timestamp: 1_700_000_000_000 },
    ]);
  });

  it('sends raw MIME, reading subject and parts from the message', async () => {
    await client.send(new CreateEmailIdentityCommand({ EmailIdentity: 'myapp.example' }));
    await client.send(new CreateEmailIdentityCommand({ EmailIdentity: 'user@example.com' }));
    const mime = [
      'From: noreply@myapp.example',
      'To: user@example.com',
      'Subject: Raw hello',
      'Content-Type: multipart/alternative; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=UTF-8',
      '',
      'plain body',
      '--b1',
      'Content-Type: text/html; charset=UTF-8',
      '',
      '<b>html body</b>',
      '--b1--',
      '',
    ].join('\r\n');
    await client.send(new SendEmailCommand({ Content: { Raw: { Data: new TextEncoder().encode(mime) } } }));
    expect(ses.outbox()[0]).toMatchObject({ from: 'noreply@myapp.example', to: ['user@example.com'], subject: 'Raw hello', text: 'plain body', html: '<b>html body</b>' });
  });

  it('renders a stored template with its data', async () => {
    await client.send(new CreateEmailIdentityCommand({ EmailIdentity: 'myapp.example' }));
    ses.setSandbox(false);
    await client.send(new CreateEmailTemplateCommand({ TemplateName: 'welcome', TemplateContent: { Subject: 'Hi {{name}}', Text: 'User {{user.id}} signed up' } }));
    await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'noreply@myapp.example',
        Destination: { ToAddresses: ['user@example.com'] },
        Content: { Template: { TemplateName: 'welcome', TemplateData: JSON.stringify({ name: 'Ada', user: { id: '12345' } }) } },
      }),
    );
    expect(ses.outbox()[0]).toMatchObject({ subject: 'Hi Ada', text: 'User 12345 signed up', template: { name: 'welcome' } });
  });

  it('pages through identities', async () => {
    for (const name of ['a.example', 'b.example', 'c.example']) await client.send(new CreateEmailIdentityCommand({ EmailIdentity: name }));
    const first = await client.send(new ListEmailIdentitiesCommand({ PageSize: 2 }));
    expect(first.EmailIdentities?.map((i) => i.IdentityName)).toEqual(['a.example', 'b.example']);
    const second = await client.send(new ListEmailIdentitiesCommand({ PageSize: 2, NextToken: first.NextToken }));
    expect(second.EmailIdentities?.map((i) => i.IdentityName)).toEqual(['c.example']);
    expect(second.NextToken).toBeUndefined();
  });
});

describe('the older GET list call', () => {
  it('answers GET /v2/email/identities with query parameters', () => {
    const ses = new SesOutbox({ now: () => 0, random: seededRandom(1), account: '1', region: 'eu-west-1' });
    ses.createEmailIdentity({ EmailIdentity: 'x.example' });
    const answer = handleSesRequest(ses, { target: undefined, contentType: undefined, body: '', method: 'GET', path: '/v2/email/identities?PageSize=10' }, 'r');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ EmailIdentities: [{ IdentityType: 'DOMAIN', IdentityName: 'x.example', SendingEnabled: true, VerificationStatus: 'SUCCESS' }] });
  });
});
