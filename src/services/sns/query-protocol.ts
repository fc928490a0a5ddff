// The SNS API on the wire (the AWS query protocol, which SNS still speaks): a form-urlencoded POST naming
// the operation in `Action=` (with `Version=2010-03-31`), lists as `Name.member.N`, maps as
// `Name.entry.N.key` / `.value` (message attributes: `.Name` / `.Value.DataType` / `.Value.StringValue`),
// answered in XML: `<PublishResponse><PublishResult>…</PublishResult><ResponseMetadata>…` and errors as
// `<ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code>…`, from which the SDK raises its typed
// exceptions (NotFoundException, InvalidParameterException).
// https://smithy.io/2.0/aws/protocols/aws-query-protocol.html

import type * as Api from '@aws-sdk/client-sns';
import type { WireRequest, WireResponse } from '../../bus/api/wire.ts';
import { AwsServiceError, InternalException } from '../../bus/errors.ts';
import { invalidParameter, SnsError, snsError } from './errors.ts';
import type { SnsTopics } from './topics.ts';

export const SNS_CONTENT_TYPE = 'application/x-www-form-urlencoded';
export const SNS_VERSION = '2010-03-31';
const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';

/** The form's parameters, with helpers for the query protocol's nested names. */
export class FormParams {
  readonly #values = new Map<string, string>();

  constructor(body: string) {
    for (const [key, value] of new URLSearchParams(body)) this.#values.set(key, value);
  }

  get(name: string): string | undefined {
    return this.#values.get(name);
  }

  /** A map: `Name.entry.N.key` / `Name.entry.N.value`. */
  map(name: string): Record<string, string> | undefined {
    const out: Record<string, string> = {};
    let found = false;
    for (let i = 1; this.#values.has(`${name}.entry.${i}.key`); i++) {
      out[this.#values.get(`${name}.entry.${i}.key`)!] = this.#values.get(`${name}.entry.${i}.value`) ?? '';
      found = true;
    }
    return found ? out : undefined;
  }

  /** SNS message attributes: `Name.entry.N.Name`, `.Value.DataType`, `.Value.StringValue`, `.Value.BinaryValue`. */
  messageAttributes(name: string): Record<string, Api.MessageAttributeValue> | undefined {
    const out: Record<string, Api.MessageAttributeValue> = {};
    let found = false;
    for (let i = 1; this.#values.has(`${name}.entry.${i}.Name`); i++) {
      const entry = `${name}.entry.${i}`;
      const binary = this.#values.get(`${entry}.Value.BinaryValue`);
      const string = this.#values.get(`${entry}.Value.StringValue`);
      out[this.#values.get(`${entry}.Name`)!] = {
        DataType: this.#values.get(`${entry}.Value.DataType`) ?? '',
        ...(string !== undefined ? { StringValue: string } : {}),
        ...(binary !== undefined ? { BinaryValue: fromBase64(binary) } : {}),
      };
      found = true;
    }
    return found ? out : undefined;
  }
}

type Xml = string;
type Operation = (sns: SnsTopics, params: FormParams) => Xml;

/** Drops undefined members, so the SNS model's optional inputs stay absent. */
const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

const operations: Record<string, Operation> = {
  CreateTopic: (sns, p) => element('TopicArn', sns.createTopic(defined({ Name: p.get('Name'), Attributes: p.map('Attributes') })).TopicArn),
  DeleteTopic: (sns, p) => (sns.deleteTopic({ TopicArn: p.get('TopicArn') }), ''),
  ListTopics: (sns, p) => {
    const answer = sns.listTopics(defined({ NextToken: p.get('NextToken') }));
    return members('Topics', answer.Topics ?? [], (t) => element('TopicArn', t.TopicArn)) + element('NextToken', answer.NextToken);
  },
  GetTopicAttributes: (sns, p) => entries('Attributes', sns.getTopicAttributes({ TopicArn: p.get('TopicArn') }).Attributes ?? {}),
  SetTopicAttributes: (sns, p) => (sns.setTopicAttributes(defined({ TopicArn: p.get('TopicArn'), AttributeName: p.get('AttributeName'), AttributeValue: p.get('AttributeValue') })), ''),
  Subscribe: (sns, p) =>
    element(
      'SubscriptionArn',
      sns.subscribe(
        defined({
          TopicArn: p.get('TopicArn'),
          Protocol: p.get('Protocol'),
          Endpoint: p.get('Endpoint'),
          Attributes: p.map('Attributes'),
          ReturnSubscriptionArn: p.get('ReturnSubscriptionArn') === 'true' ? true : undefined,
        }),
      ).SubscriptionArn,
    ),
  ConfirmSubscription: (sns, p) => element('SubscriptionArn', sns.confirmSubscription({ TopicArn: p.get('TopicArn'), Token: p.get('Token') }).SubscriptionArn),
  Unsubscribe: (sns, p) => (sns.unsubscribe({ SubscriptionArn: p.get('SubscriptionArn') }), ''),
  ListSubscriptionsByTopic: (sns, p) => subscriptions(sns.listSubscriptionsByTopic(defined({ TopicArn: p.get('TopicArn'), NextToken: p.get('NextToken') }))),
  ListSubscriptions: (sns, p) => subscriptions(sns.listSubscriptions(defined({ NextToken: p.get('NextToken') }))),
  GetSubscriptionAttributes: (sns, p) => entries('Attributes', sns.getSubscriptionAttributes({ SubscriptionArn: p.get('SubscriptionArn') }).Attributes ?? {}),
  SetSubscriptionAttributes: (sns, p) =>
    (sns.setSubscriptionAttributes(defined({ SubscriptionArn: p.get('SubscriptionArn'), AttributeName: p.get('AttributeName'), AttributeValue: p.get('AttributeValue') })), ''),
  Publish: (sns, p) =>
    element(
      'MessageId',
      sns.publish(
        defined({
          TopicArn: p.get('TopicArn'),
          TargetArn: p.get('TargetArn'),
          PhoneNumber: p.get('PhoneNumber'),
          Message: p.get('Message'),
          Subject: p.get('Subject'),
          MessageStructure: p.get('MessageStructure'),
          MessageAttributes: p.messageAttributes('MessageAttributes'),
        }),
      ).MessageId,
    ),
  // The SMS sandbox. https://docs.aws.amazon.com/sns/latest/api/API_CreateSMSSandboxPhoneNumber.html and its siblings.
  CreateSMSSandboxPhoneNumber: (sns, p) => (
    sns.createSmsSandboxPhoneNumber(defined({ PhoneNumber: p.get('PhoneNumber'), LanguageCode: p.get('LanguageCode') as Api.LanguageCodeString | undefined })), ''
  ),
  VerifySMSSandboxPhoneNumber: (sns, p) => (sns.verifySmsSandboxPhoneNumber({ PhoneNumber: p.get('PhoneNumber'), OneTimePassword: p.get('OneTimePassword') }), ''),
  DeleteSMSSandboxPhoneNumber: (sns, p) => (sns.deleteSmsSandboxPhoneNumber({ PhoneNumber: p.get('PhoneNumber') }), ''),
  ListSMSSandboxPhoneNumbers: (sns, p) => {
    const maxResults = p.get('MaxResults');
    const answer = sns.listSmsSandboxPhoneNumbers(defined({ NextToken: p.get('NextToken'), MaxResults: maxResults === undefined ? undefined : Number(maxResults) }));
    return members('PhoneNumbers', answer.PhoneNumbers ?? [], (n) => element('PhoneNumber', n.PhoneNumber) + element('Status', n.Status)) + element('NextToken', answer.NextToken);
  },
  GetSMSSandboxAccountStatus: (sns) => element('IsInSandbox', String(sns.getSmsSandboxAccountStatus().IsInSandbox)),
};

export function handleSnsRequest(sns: SnsTopics, request: WireRequest, requestId: string): WireResponse {
  try {
    const params = new FormParams(request.body);
    const action = params.get('Action');
    if (!action) throw snsError('MissingAction', 'Missing Action');
    const operation = Object.hasOwn(operations, action) ? operations[action] : undefined;
    if (!operation) throw snsError('InvalidAction', `The action ${action} is not valid for this web service.`);
    const result = operation(sns, params);
    const body =
      `<${action}Response xmlns="${XMLNS}">` +
      (result === '' ? '' : `<${action}Result>${result}</${action}Result>`) +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
    return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
  } catch (error) {
    const serviceError = error instanceof AwsServiceError ? error : new InternalException(`Simulator error: ${error instanceof Error ? error.message : String(error)}`);
    const code = serviceError instanceof InternalException ? 'InternalError' : serviceError.name;
    const type = serviceError.httpStatus >= 500 ? 'Receiver' : 'Sender';
    return {
      status: serviceError.httpStatus,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
      body:
        `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(serviceError.message)}</Message>` +
        // Some errors carry members of their own, such as VerificationException's Status.
        (serviceError instanceof SnsError ? Object.entries(serviceError.fields).map(([name, value]) => element(name, value)).join('') : '') +
        `</Error>` +
        `<RequestId>${requestId}</RequestId></ErrorResponse>`,
    };
  }
}

/** Escapes text for XML content, and the characters XML 1.0 forbids (as &#…; they still break parsers, so drop them). */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#xD;');
}

function element(name: string, value: string | undefined): Xml {
  return value === undefined ? '' : `<${name}>${escapeXml(value)}</${name}>`;
}

function members<T>(name: string, items: T[], write: (item: T) => Xml): Xml {
  return `<${name}>${items.map((item) => `<member>${write(item)}</member>`).join('')}</${name}>`;
}

function entries(name: string, map: Record<string, string>): Xml {
  return `<${name}>${Object.entries(map).map(([key, value]) => `<entry>${element('key', key)}${element('value', value)}</entry>`).join('')}</${name}>`;
}

function subscriptions(answer: { Subscriptions?: Api.Subscription[]; NextToken?: string }): Xml {
  const write = (s: Api.Subscription) =>
    element('TopicArn', s.TopicArn) + element('Protocol', s.Protocol) + element('SubscriptionArn', s.SubscriptionArn) + element('Owner', s.Owner) + element('Endpoint', s.Endpoint);
  return members('Subscriptions', answer.Subscriptions ?? [], write) + element('NextToken', answer.NextToken);
}

function fromBase64(text: string): Uint8Array {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    throw invalidParameter('MessageAttributes Reason: BinaryValue is not valid base64');
  }
}
