// Amazon SNS standard topics in memory: topics, subscriptions and Publish with its fan-out, in the shapes of
// the SNS API, for the SDK (through query-protocol.ts) and as EventBridge targets (publishToArn).
//
// Delivery, by subscription protocol:
// - sqs: confirmed at once (a queue in the same account), delivered at once through the injected
//   `deliverToQueue`, as SNS's JSON notification envelope, or the bare message with RawMessageDelivery=true
//   (then the message attributes become SQS message attributes).
// - email, email-json: start as PendingConfirmation, as in SNS: Subscribe answers "pending confirmation" and
//   SNS mails a confirmation link. Here the confirmation mail is recorded as a delivery carrying its token;
//   ConfirmSubscription with that token (or `confirmPending` from a lesson, the recipient "clicking") confirms
//   it. Until then nothing is delivered to it. Real tokens stay valid for three days; here they never expire.
// - sms: confirmed at once; each message is recorded as a delivery, prefixed with the topic's DisplayName in
//   capitals and "> ". In the SMS sandbox (sms-sandbox.ts) a message to a number that is not verified is
//   recorded as not delivered; Publish still succeeds.
// Publish with PhoneNumber sends one SMS straight to the number (E.164, at most 1,600 bytes); in the sandbox it
// is delivered only to a verified number, the same way. The AWS.SNS.SMS.SMSType and AWS.SNS.SMS.SenderID message
// attributes are checked and recorded with each SMS. CreateSMSSandboxPhoneNumber texts a one-time password,
// recorded as a `verification` delivery whose `token` is the OTP; lessons can also `addVerifiedPhoneNumber` or
// `setSmsSandbox(false)`.
// No email or SMS leaves the simulator: `deliveries()` is the outbox checks read; `publishes()` lists what was published.
//
// Left out: subscription filter policies, http/https, lambda, firehose and application endpoints, FIFO topics
// (a .fifo topic behaves as a standard one), delivery retries and policies, redrive to DLQs, topic and queue
// access policies (every queue accepts SNS), data protection, tags, real signatures (Signature is random
// base64 of the right length, so code that verifies signatures would reject it), and of SMS: account SMS
// attributes (Get/SetSMSAttributes, DefaultSMSType, spend limits), opt-outs, splitting long messages into
// 140-byte parts, origination numbers and AWS.SNS.SMS.MaxPrice (accepted, without effect), and per-country rules.

import type * as Api from '@aws-sdk/client-sns';
import { invalidParameter, snsError } from './errors.ts';
import { normalize, SmsSandbox } from './sms-sandbox.ts';

/** Sends to the queue an ARN names; false if there is no such queue. SqsQueues.sendToArn fits. */
export type QueueDelivery = (queueArn: string, body: string, attributes: Record<string, string>) => boolean;

export interface SnsOptions {
  now: () => number;
  newId: () => string;
  account: string;
  region: string;
  partition?: string;
  /** Where sqs subscriptions deliver; without it, deliveries to queues are recorded as failed. */
  deliverToQueue?: QueueDelivery;
  /** New accounts start in the SMS sandbox (the default); `false` is an account with production SMS access. */
  smsSandbox?: boolean;
}

export interface PublishedMessage {
  messageId: string;
  topicArn: string;
  message: string;
  subject?: string;
  attributes: Record<string, Api.MessageAttributeValue>;
  timestamp: number;
}

/** One message SNS accepted from Publish (or an EventBridge target): to a topic, or straight to a phone number. */
export type SnsPublish = Omit<PublishedMessage, 'topicArn'> & ({ topicArn: string; phoneNumber?: never } | { phoneNumber: string; topicArn?: never });

/** One message SNS sent to a subscription endpoint (or, for `PhoneNumber` publishes, straight to a phone). */
export interface SnsDelivery {
  protocol: string;
  endpoint: string;
  subscriptionArn?: string;
  topicArn?: string;
  /** `verification`: the one-time password CreateSMSSandboxPhoneNumber texts to a sandbox number. */
  kind: 'confirmation' | 'notification' | 'verification';
  messageId: string;
  subject?: string;
  body: string;
  timestamp: number;
  /** False when the endpoint did not take it (a queue that does not exist, a number the SMS sandbox refuses). */
  delivered: boolean;
  /** For confirmations: the token ConfirmSubscription takes; for verifications: the OTP VerifySMSSandboxPhoneNumber takes. */
  token?: string;
  /** For SMS notifications: AWS.SNS.SMS.SMSType (Promotional unless the publish said otherwise). */
  smsType?: SmsType;
  /** For SMS notifications: AWS.SNS.SMS.SenderID, when the publish gave one. */
  senderId?: string;
}

export type SmsType = 'Promotional' | 'Transactional';

interface Subscription {
  arn: string;
  topicArn: string;
  protocol: string;
  endpoint: string;
  pending: boolean;
  token?: string;
  raw: boolean;
}

interface Topic {
  name: string;
  arn: string;
  attributes: Record<string, string>;
  subscriptions: Subscription[];
  published: PublishedMessage[];
}

const topicNotFound = () => snsError('NotFound', 'Topic does not exist', 404);
const subscriptionNotFound = () => snsError('NotFound', 'Subscription does not exist', 404);

const PROTOCOLS = ['sqs', 'email', 'email-json', 'sms'];
const MAX_MESSAGE_BYTES = 262_144;
// "The total size quota for a single SMS publish action is 1,600 bytes."
// https://docs.aws.amazon.com/sns/latest/dg/sms_publish-to-phone.html
const MAX_SMS_BYTES = 1_600;
const PAGE = 100;

export class SnsTopics {
  readonly #options: SnsOptions;
  readonly #topics = new Map<string, Topic>();
  readonly #deliveries: SnsDelivery[] = [];
  readonly #publishes: SnsPublish[] = [];
  readonly #sandbox: SmsSandbox;
  #deliverToQueue: QueueDelivery | undefined;

  constructor(options: SnsOptions) {
    this.#options = options;
    this.#deliverToQueue = options.deliverToQueue;
    this.#sandbox = new SmsSandbox(options.now, options.smsSandbox ?? true);
  }

  // ---- The SNS API ----

  /** Idempotent: the same name (with the same attributes) gives the same topic. A bare name is accepted too. */
  createTopic(request: Api.CreateTopicInput | string): Api.CreateTopicResponse {
    const { Name: name, Attributes: attributes = {} } = typeof request === 'string' ? { Name: request } : request;
    if (!name || !/^[A-Za-z0-9_-]{1,256}(\.fifo)?$/.test(name) || (name.endsWith('.fifo') && name.length > 256)) throw invalidParameter('Topic Name');
    const existing = this.#topics.get(name);
    if (existing) {
      for (const [key, value] of Object.entries(attributes)) {
        if (existing.attributes[key] !== value) throw invalidParameter('Attributes Reason: Topic already exists with different attributes');
      }
      return { TopicArn: existing.arn };
    }
    const arn = this.arnOf(name);
    this.#topics.set(name, { name, arn, attributes: { DisplayName: '', ...attributes }, subscriptions: [], published: [] });
    return { TopicArn: arn };
  }

  deleteTopic(request: Api.DeleteTopicInput): void {
    // Deleting a topic that does not exist succeeds, as in SNS.
    const name = this.#checkedArn(request.TopicArn, 'TopicArn');
    if (this.#topics.get(name)?.arn === request.TopicArn) this.#topics.delete(name);
  }

  listTopics(request: Api.ListTopicsInput = {}): Api.ListTopicsResponse {
    const arns = [...this.#topics.values()].map((t) => t.arn);
    return page(arns, request.NextToken, (arn) => ({ TopicArn: arn }), 'Topics');
  }

  getTopicAttributes(request: Api.GetTopicAttributesInput): Api.GetTopicAttributesResponse {
    const topic = this.#topic(request.TopicArn);
    const count = (pending: boolean) => String(topic.subscriptions.filter((s) => s.pending === pending).length);
    return {
      Attributes: {
        TopicArn: topic.arn,
        Owner: this.#options.account,
        Policy: JSON.stringify(defaultPolicy(topic.arn, this.#options.account)),
        SubscriptionsPending: count(true),
        SubscriptionsConfirmed: count(false),
        SubscriptionsDeleted: '0',
        EffectiveDeliveryPolicy: JSON.stringify(EFFECTIVE_DELIVERY_POLICY),
        ...topic.attributes,
      },
    };
  }

  setTopicAttributes(request: Api.SetTopicAttributesInput): void {
    const topic = this.#topic(request.TopicArn);
    if (!request.AttributeName) throw invalidParameter('AttributeName');
    topic.attributes[request.AttributeName] = request.AttributeValue ?? '';
  }

  subscribe(request: Api.SubscribeInput): Api.SubscribeResponse {
    const topic = this.#topic(request.TopicArn);
    const protocol = request.Protocol ?? '';
    if (!PROTOCOLS.includes(protocol)) {
      if (['http', 'https', 'lambda', 'firehose', 'application'].includes(protocol)) {
        throw invalidParameter(`Protocol Reason: the simulator does not deliver to ${protocol} subscriptions (it models sqs, email, email-json and sms)`);
      }
      throw invalidParameter(`Amazon SNS does not support this protocol string: ${protocol}`);
    }
    const endpoint = request.Endpoint ?? '';
    validateEndpoint(protocol, endpoint);
    const attributes = request.Attributes ?? {};
    for (const key of Object.keys(attributes)) {
      if (key !== 'RawMessageDelivery') throw invalidParameter(`Attributes Reason: the simulator does not model the subscription attribute ${key}`);
    }
    if (attributes.RawMessageDelivery !== undefined && protocol !== 'sqs') {
      throw invalidParameter('Attributes Reason: RawMessageDelivery: Invalid value [true]. Must be false.');
    }

    let subscription = topic.subscriptions.find((s) => s.protocol === protocol && s.endpoint === endpoint);
    if (!subscription) {
      const needsConfirmation = protocol === 'email' || protocol === 'email-json';
      subscription = { arn: `${topic.arn}:${this.#options.newId()}`, topicArn: topic.arn, protocol, endpoint, pending: needsConfirmation, raw: parseBoolean(attributes.RawMessageDelivery) };
      topic.subscriptions.push(subscription);
    }
    if (subscription.pending) {
      this.#sendConfirmation(topic, subscription);
      return { SubscriptionArn: request.ReturnSubscriptionArn ? subscription.arn : 'pending confirmation' };
    }
    return { SubscriptionArn: subscription.arn };
  }

  confirmSubscription(request: Api.ConfirmSubscriptionInput): Api.ConfirmSubscriptionResponse {
    const topic = this.#topic(request.TopicArn);
    const subscription = topic.subscriptions.find((s) => s.token !== undefined && s.token === request.Token);
    if (!subscription) throw invalidParameter('Token');
    subscription.pending = false;
    return { SubscriptionArn: subscription.arn };
  }

  unsubscribe(request: Api.UnsubscribeInput): void {
    const { topic, subscription } = this.#subscription(request.SubscriptionArn);
    topic.subscriptions.splice(topic.subscriptions.indexOf(subscription), 1);
  }

  listSubscriptionsByTopic(request: Api.ListSubscriptionsByTopicInput): Api.ListSubscriptionsByTopicResponse {
    const topic = this.#topic(request.TopicArn);
    return page(topic.subscriptions, request.NextToken, (s) => this.#describe(s), 'Subscriptions');
  }

  listSubscriptions(request: Api.ListSubscriptionsInput = {}): Api.ListSubscriptionsResponse {
    const all = [...this.#topics.values()].flatMap((t) => t.subscriptions);
    return page(all, request.NextToken, (s) => this.#describe(s), 'Subscriptions');
  }

  getSubscriptionAttributes(request: Api.GetSubscriptionAttributesInput): Api.GetSubscriptionAttributesResponse {
    const { subscription: s } = this.#subscription(request.SubscriptionArn);
    return {
      Attributes: {
        SubscriptionArn: s.arn,
        TopicArn: s.topicArn,
        Owner: this.#options.account,
        Protocol: s.protocol,
        Endpoint: s.endpoint,
        PendingConfirmation: String(s.pending),
        ConfirmationWasAuthenticated: String(!s.pending && s.protocol === 'sqs'),
        RawMessageDelivery: String(s.raw),
        SubscriptionPrincipal: `arn:${this.#options.partition ?? 'aws'}:iam::${this.#options.account}:root`,
      },
    };
  }

  setSubscriptionAttributes(request: Api.SetSubscriptionAttributesInput): void {
    const { subscription } = this.#subscription(request.SubscriptionArn);
    if (request.AttributeName !== 'RawMessageDelivery') {
      throw invalidParameter(`AttributeName Reason: the simulator does not model the subscription attribute ${request.AttributeName ?? ''}`);
    }
    if (subscription.protocol !== 'sqs') throw invalidParameter(`Attributes Reason: RawMessageDelivery: Invalid value [${request.AttributeValue ?? ''}]. Must be false.`);
    subscription.raw = parseBoolean(request.AttributeValue);
  }

  publish(request: Api.PublishInput): Api.PublishResponse {
    if (request.Message === undefined) throw snsError('ValidationError', "1 validation error detected: Value null at 'message' failed to satisfy constraint: Member must not be null");
    if (request.Subject !== undefined && (request.Subject === '' || request.Subject.length > 100 || !/^[\x20-\x7e]*$/.test(request.Subject))) throw invalidParameter('Subject');
    if (request.Message === '') throw invalidParameter('Empty message');
    if (new TextEncoder().encode(request.Message).length > MAX_MESSAGE_BYTES) throw invalidParameter('Message too long');
    const structured = request.MessageStructure === 'json' ? parseStructure(request.Message) : undefined;
    if (request.MessageStructure !== undefined && request.MessageStructure !== 'json') throw invalidParameter('MessageStructure');
    const attributes = { ...(request.MessageAttributes ?? {}) };
    validateAttributes(attributes);
    const sms = smsSettings(attributes);

    if (request.PhoneNumber !== undefined) {
      if (request.TopicArn !== undefined || request.TargetArn !== undefined) throw invalidParameter('TopicArn or TargetArn Reason: Only one of TopicArn, TargetArn or PhoneNumber may be specified');
      // E.164: a plus sign, the country code, at most 15 digits. SNS names the number it refused.
      // https://docs.aws.amazon.com/sns/latest/dg/sms_publish-to-phone.html
      // AWS's text, with a "+" before the number even when it had none: https://github.com/aws/aws-sdk-js/issues/1217
      if (!/^\+[1-9]\d{6,14}$/.test(request.PhoneNumber)) throw invalidParameter(`PhoneNumber Reason: +${request.PhoneNumber.replace(/^\+/, '')} is not valid to publish to`);
      const body = structured?.sms ?? structured?.default ?? request.Message;
      // Wording not confirmed against AWS (the 1,600-byte quota is documented, SNS's answer past it is not).
      if (new TextEncoder().encode(body).length > MAX_SMS_BYTES) throw invalidParameter('Message too long');
      // In the SMS sandbox, "you can send SMS messages only to verified destination phone numbers".
      // https://docs.aws.amazon.com/sns/latest/dg/sns-sms-sandbox.html
      // As for a topic's sms subscription, the publish is accepted and a message to an unverified number is not
      // delivered (SNS reports delivery failures in its delivery logs, not in Publish's answer). Not confirmed
      // against AWS for the sandbox.
      const messageId = this.#options.newId();
      const delivered = this.#sandbox.allows(request.PhoneNumber);
      this.#publishes.push({ messageId, phoneNumber: request.PhoneNumber, message: request.Message, ...(request.Subject !== undefined ? { subject: request.Subject } : {}), attributes, timestamp: this.#options.now() });
      this.#record({ protocol: 'sms', endpoint: request.PhoneNumber, kind: 'notification', messageId, body, timestamp: this.#options.now(), delivered, ...sms });
      return { MessageId: messageId };
    }
    if (request.TopicArn !== undefined && request.TargetArn !== undefined) throw invalidParameter('TopicArn or TargetArn Reason: Only one of TopicArn, TargetArn or PhoneNumber may be specified');
    const topicArn = request.TopicArn ?? request.TargetArn;
    if (topicArn === undefined) throw invalidParameter('TopicArn or TargetArn Reason: One of TopicArn, TargetArn or PhoneNumber must be specified');
    const topic = this.#topic(topicArn);
    return { MessageId: this.#fanOut(topic, request.Message, request.Subject, attributes, structured) };
  }

  // ---- The SMS sandbox (sms-sandbox.ts) ----

  /** Adds a destination number to the sandbox and texts it a one-time password (recorded in the outbox). */
  createSmsSandboxPhoneNumber(request: Api.CreateSMSSandboxPhoneNumberInput): Api.CreateSMSSandboxPhoneNumberResult {
    const otp = this.#sandbox.create(request.PhoneNumber, request.LanguageCode, this.#oneTimePassword());
    if (otp !== undefined) {
      // The text of the real OTP message (and its language) is not modelled; checks read `token`.
      const message = { protocol: 'sms', endpoint: request.PhoneNumber!, kind: 'verification', messageId: this.#options.newId() } as const;
      this.#record({ ...message, body: `Your Amazon SNS verification code is ${otp}`, timestamp: this.#options.now(), delivered: true, token: otp });
    }
    return {};
  }

  verifySmsSandboxPhoneNumber(request: Api.VerifySMSSandboxPhoneNumberInput): Api.VerifySMSSandboxPhoneNumberResult {
    this.#sandbox.verify(request.PhoneNumber, request.OneTimePassword);
    return {};
  }

  listSmsSandboxPhoneNumbers(request: Api.ListSMSSandboxPhoneNumbersInput = {}): Api.ListSMSSandboxPhoneNumbersResult {
    return this.#sandbox.list(request.NextToken, request.MaxResults);
  }

  deleteSmsSandboxPhoneNumber(request: Api.DeleteSMSSandboxPhoneNumberInput): Api.DeleteSMSSandboxPhoneNumberResult {
    this.#sandbox.delete(request.PhoneNumber);
    return {};
  }

  getSmsSandboxAccountStatus(): Api.GetSMSSandboxAccountStatusResult {
    return { IsInSandbox: this.#sandbox.inSandbox };
  }

  // ---- For the rest of the simulation ----

  /** Publishes to the topic an ARN names, as an EventBridge target does; undefined if there is no such topic. */
  publishToArn(arn: string, message: string, subject?: string): { MessageId: string } | undefined {
    const topic = this.#byArn(arn);
    if (!topic) return undefined;
    return { MessageId: this.#fanOut(topic, message, subject, {}, undefined) };
  }

  /** Production SMS access (`false`; in AWS a support case) or back into the SMS sandbox (`true`). */
  setSmsSandbox(inSandbox: boolean): void {
    this.#sandbox.setInSandbox(inSandbox);
  }

  /** A destination number verified outside the API, as if its owner had typed the one-time password. */
  addVerifiedPhoneNumber(phoneNumber: string): void {
    this.#sandbox.addVerified(phoneNumber);
  }

  /** Connects sqs subscriptions to the queues (when the options did not). */
  setQueueDelivery(deliver: QueueDelivery): void {
    this.#deliverToQueue = deliver;
  }

  arnOf(name: string): string {
    const { partition = 'aws', region, account } = this.#options;
    return `arn:${partition}:sns:${region}:${account}:${name}`;
  }

  /** Every message published to a topic, by topic name, oldest first. */
  published(name: string): PublishedMessage[] {
    return (this.#topics.get(name)?.published ?? []).map((m) => ({ ...m, attributes: { ...m.attributes } }));
  }

  /** Every message published, to any topic or straight to a phone number, oldest first (copies). */
  publishes(): SnsPublish[] {
    return structuredClone(this.#publishes);
  }

  /** What SNS sent to email, email-json, sms and sqs endpoints, oldest first; optionally to one endpoint. */
  deliveries(endpoint?: string): SnsDelivery[] {
    return this.#deliveries.filter((d) => endpoint === undefined || d.endpoint === endpoint).map((d) => ({ ...d }));
  }

  /** The recipient follows the confirmation link: confirms every pending subscription of this endpoint. */
  confirmPending(endpoint: string): string[] {
    const confirmed: string[] = [];
    for (const topic of this.#topics.values()) {
      for (const s of topic.subscriptions) {
        if (s.pending && s.endpoint === endpoint) {
          s.pending = false;
          confirmed.push(s.arn);
        }
      }
    }
    return confirmed;
  }

  #fanOut(topic: Topic, message: string, subject: string | undefined, attributes: Record<string, Api.MessageAttributeValue>, structured: Record<string, string> | undefined): string {
    const sms = smsSettings(attributes);
    const messageId = this.#options.newId();
    const timestamp = this.#options.now();
    topic.published.push({ messageId, topicArn: topic.arn, message, ...(subject !== undefined ? { subject } : {}), attributes, timestamp });
    this.#publishes.push({ messageId, topicArn: topic.arn, message, ...(subject !== undefined ? { subject } : {}), attributes, timestamp });
    for (const s of topic.subscriptions) {
      if (s.pending) continue;
      const body = structured ? (structured[s.protocol] ?? structured.default!) : message;
      const base = { protocol: s.protocol, endpoint: s.endpoint, subscriptionArn: s.arn, topicArn: topic.arn, kind: 'notification' as const, messageId, timestamp };
      const envelope = () => this.#envelope({ messageId, topicArn: topic.arn, subject, message: body, timestamp, attributes, subscriptionArn: s.arn });
      switch (s.protocol) {
        case 'sqs': {
          const payload = s.raw ? body : envelope();
          let delivered: boolean;
          try {
            delivered = this.#deliverToQueue?.(s.endpoint, payload, s.raw ? rawAttributes(attributes) : {}) ?? false;
          } catch {
            // The queue refused the message (larger than its MaximumMessageSize): SNS drops it for this
            // subscription; Publish itself still succeeds.
            delivered = false;
          }
          this.#record({ ...base, body: payload, delivered });
          break;
        }
        case 'email':
          // SNS mails the message as plain text; without a Subject it uses its default subject line.
          this.#record({ ...base, subject: subject ?? 'AWS Notification Message', body, delivered: true });
          break;
        case 'email-json':
          this.#record({ ...base, subject: subject ?? 'AWS Notification Message', body: envelope(), delivered: true });
          break;
        case 'sms': {
          // SNS prefixes the message with the topic's display name in capitals, a ">" and a space.
          // https://docs.aws.amazon.com/sns/latest/dg/sms_publish-to-topic.html
          const displayName = topic.attributes.DisplayName ?? '';
          const text = displayName === '' ? body : `${displayName.toUpperCase()}> ${body}`;
          // In the SMS sandbox SNS sends only to verified numbers: Subscribe accepts any number (the docs name no
          // refusal), the message to an unverified one is not delivered. Not confirmed against AWS.
          // https://docs.aws.amazon.com/sns/latest/dg/sns-sms-sandbox.html
          this.#record({ ...base, body: text, delivered: this.#sandbox.allows(normalize(s.endpoint)), ...sms });
          break;
        }
        default:
          this.#record({ ...base, body, delivered: true });
      }
    }
    return messageId;
  }

  /** SNS's notification document, keys in SNS's order, `Subject` and `MessageAttributes` only when present. */
  #envelope(n: { messageId: string; topicArn: string; subject: string | undefined; message: string; timestamp: number; attributes: Record<string, Api.MessageAttributeValue>; subscriptionArn: string }): string {
    const host = `https://sns.${this.#options.region}.amazonaws.com`;
    const document: Record<string, unknown> = {
      Type: 'Notification',
      MessageId: n.messageId,
      TopicArn: n.topicArn,
      ...(n.subject !== undefined ? { Subject: n.subject } : {}),
      Message: n.message,
      Timestamp: new Date(n.timestamp).toISOString(),
      SignatureVersion: '1',
      Signature: this.#signature(),
      SigningCertURL: `${host}/SimpleNotificationService-${this.#options.newId().replace(/-/g, '')}.pem`,
      UnsubscribeURL: `${host}/?Action=Unsubscribe&SubscriptionArn=${n.subscriptionArn}`,
    };
    const attributes = Object.entries(n.attributes);
    if (attributes.length > 0) {
      document.MessageAttributes = Object.fromEntries(attributes.map(([name, v]) => [name, { Type: v.DataType, Value: v.StringValue ?? base64(v.BinaryValue) }]));
    }
    // SNS writes the document pretty-printed, with " : " between key and value.
    return JSON.stringify(document, null, 2).replace(/^(\s*"[^"]+"): /gm, '$1 : ');
  }

  #sendConfirmation(topic: Topic, subscription: Subscription): void {
    subscription.token ??= (this.#options.newId() + this.#options.newId()).replace(/-/g, '');
    const host = `https://sns.${this.#options.region}.amazonaws.com`;
    const url = `${host}/?Action=ConfirmSubscription&TopicArn=${topic.arn}&Token=${subscription.token}`;
    const body = `You have chosen to subscribe to the topic: \n${topic.arn}\n\nTo confirm this subscription, click or visit the link below (If this was in error no action is necessary): \n${url}`;
    this.#record({
      protocol: subscription.protocol,
      endpoint: subscription.endpoint,
      subscriptionArn: subscription.arn,
      topicArn: topic.arn,
      kind: 'confirmation',
      messageId: this.#options.newId(),
      subject: 'AWS Notification - Subscription Confirmation',
      body,
      timestamp: this.#options.now(),
      delivered: true,
      token: subscription.token,
    });
  }

  #record(delivery: SnsDelivery): void {
    this.#deliveries.push(delivery);
  }

  /** Six digits from the seeded ids (VerifySMSSandboxPhoneNumber takes 5 to 8 digits). */
  #oneTimePassword(): string {
    return String(parseInt(this.#options.newId().replace(/-/g, '').slice(0, 8), 16) % 1_000_000).padStart(6, '0');
  }

  /** 256 random bytes in base64, the length of SNS's RSA-SHA1 signatures. */
  #signature(): string {
    const hex = Array.from({ length: 8 }, () => this.#options.newId().replace(/-/g, '')).join('');
    const bytes = new Uint8Array(256);
    for (let i = 0; i < 256; i++) bytes[i] = parseInt(hex.slice((i * 2) % hex.length, ((i * 2) % hex.length) + 2), 16);
    return base64(bytes);
  }

  #describe(s: Subscription): Api.Subscription {
    return { SubscriptionArn: s.pending ? 'PendingConfirmation' : s.arn, Owner: this.#options.account, Protocol: s.protocol, Endpoint: s.endpoint, TopicArn: s.topicArn };
  }

  #topic(arn: string | undefined): Topic {
    this.#checkedArn(arn, 'TopicArn');
    const topic = this.#byArn(arn!);
    if (!topic) throw topicNotFound();
    return topic;
  }

  #byArn(arn: string): Topic | undefined {
    const topic = this.#topics.get(arn.split(':').pop() ?? '');
    return topic?.arn === arn ? topic : undefined;
  }

  #subscription(arn: string | undefined): { topic: Topic; subscription: Subscription } {
    this.#checkedArn(arn, 'SubscriptionArn');
    const topic = this.#byArn(arn!.slice(0, arn!.lastIndexOf(':')));
    const subscription = topic?.subscriptions.find((s) => s.arn === arn);
    if (!topic || !subscription) throw subscriptionNotFound();
    return { topic, subscription };
  }

  /** SNS checks an ARN's shape before looking it up; returns its last element. */
  #checkedArn(arn: string | undefined, parameter: string): string {
    if (arn === undefined || arn === '') throw invalidParameter(parameter);
    const elements = arn.split(':');
    if (elements.length < 6) throw invalidParameter(`${parameter} Reason: An ARN must have at least 6 elements, not ${elements.length}`);
    return elements.at(-1)!;
  }
}

function validateEndpoint(protocol: string, endpoint: string): void {
  switch (protocol) {
    case 'sqs':
      if (!/^arn:[\w-]+:sqs:[\w-]+:\d{12}:[\w-]+(\.fifo)?$/.test(endpoint)) throw invalidParameter('SQS endpoint ARN');
      return;
    case 'email':
    case 'email-json':
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(endpoint)) throw invalidParameter('Email address');
      return;
    case 'sms':
      if (!/^\+?[1-9]\d{6,14}$/.test(endpoint.replace(/[\s()-]/g, ''))) throw invalidParameter('SMS endpoint');
  }
}

function validateAttributes(attributes: Record<string, Api.MessageAttributeValue>): void {
  if (Object.keys(attributes).length > 10) throw invalidParameter('MessageAttributes Reason: Number of message attributes [' + Object.keys(attributes).length + '] exceeds the allowed maximum [10].');
  for (const [name, value] of Object.entries(attributes)) {
    const type = value.DataType ?? '';
    if (!/^(String|Number|Binary|String\.Array)(\..+)?$/.test(type)) {
      throw invalidParameter(`The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`);
    }
    const isBinary = type.startsWith('Binary');
    if (isBinary ? value.BinaryValue === undefined : value.StringValue === undefined) {
      throw invalidParameter(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`);
    }
  }
}

/**
 * The SMS message attributes SNS acts on. AWS.SNS.SMS.SMSType is Promotional (the default) or Transactional;
 * AWS.SNS.SMS.SenderID is 3–11 letters, digits or hyphens, with at least one letter and no spaces.
 * https://docs.aws.amazon.com/sns/latest/dg/sms_publish-to-phone.html
 */
function smsSettings(attributes: Record<string, Api.MessageAttributeValue>): { smsType: SmsType; senderId?: string } {
  const type = attributes['AWS.SNS.SMS.SMSType']?.StringValue ?? 'Promotional';
  // Wording not confirmed against AWS.
  if (type !== 'Promotional' && type !== 'Transactional') throw invalidParameter(`MessageAttributes Reason: AWS.SNS.SMS.SMSType must be Promotional or Transactional, not ${type}`);
  const senderId = attributes['AWS.SNS.SMS.SenderID']?.StringValue;
  // Wording not confirmed against AWS.
  if (senderId !== undefined && !(/^[A-Za-z0-9-]{3,11}$/.test(senderId) && /[A-Za-z]/.test(senderId))) {
    throw invalidParameter(`MessageAttributes Reason: AWS.SNS.SMS.SenderID must be 3 to 11 letters, digits or hyphens, with at least one letter, not ${senderId}`);
  }
  return { smsType: type, ...(senderId !== undefined ? { senderId } : {}) };
}

function parseStructure(message: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    throw invalidParameter('Message Structure - JSON message body failed to parse');
  }
  if (typeof value !== 'object' || value === null || typeof (value as Record<string, unknown>).default !== 'string') {
    throw invalidParameter('Message Structure - No default entry in JSON message body');
  }
  return value as Record<string, string>;
}

/** With raw delivery, SNS message attributes become SQS message attributes (the hook carries strings). */
function rawAttributes(attributes: Record<string, Api.MessageAttributeValue>): Record<string, string> {
  return Object.fromEntries(Object.entries(attributes).map(([name, v]) => [name, v.StringValue ?? base64(v.BinaryValue)]));
}

function page<T, R>(items: T[], token: string | undefined, map: (item: T) => R, key: 'Topics'): { Topics: R[]; NextToken?: string };
function page<T, R>(items: T[], token: string | undefined, map: (item: T) => R, key: 'Subscriptions'): { Subscriptions: R[]; NextToken?: string };
function page<T, R>(items: T[], token: string | undefined, map: (item: T) => R, key: string): Record<string, unknown> {
  const start = token ? Number(token) : 0;
  if (!Number.isInteger(start) || start < 0 || start > items.length) throw invalidParameter('NextToken');
  const end = Math.min(items.length, start + PAGE);
  return { [key]: items.slice(start, end).map(map), ...(end < items.length ? { NextToken: String(end) } : {}) };
}

function parseBoolean(value: string | undefined): boolean {
  if (value === undefined) return false;
  if (value !== 'true' && value !== 'false') throw invalidParameter(`Attributes Reason: RawMessageDelivery: Invalid value [${value}]. Must be true or false.`);
  return value === 'true';
}

function base64(bytes: Uint8Array | undefined): string {
  if (!bytes) return '';
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function defaultPolicy(topicArn: string, account: string) {
  return {
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['SNS:GetTopicAttributes', 'SNS:SetTopicAttributes', 'SNS:AddPermission', 'SNS:RemovePermission', 'SNS:DeleteTopic', 'SNS:Subscribe', 'SNS:ListSubscriptionsByTopic', 'SNS:Publish'],
        Resource: topicArn,
        Condition: { StringEquals: { 'AWS:SourceOwner': account } },
      },
    ],
  };
}

const EFFECTIVE_DELIVERY_POLICY = {
  http: {
    defaultHealthyRetryPolicy: { minDelayTarget: 20, maxDelayTarget: 20, numRetries: 3, numMaxDelayRetries: 0, numNoDelayRetries: 0, numMinDelayRetries: 0, backoffFunction: 'linear' },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
  },
};
