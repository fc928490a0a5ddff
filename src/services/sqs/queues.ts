// Amazon SQS standard queues in memory, for queue targets and dead-letter queues: the operations lessons and
// the AWS SDK use, with SQS's request and response shapes, its errors and its visibility timeout, in the
// simulation's virtual time.
//
// Left out: FIFO queues, long polling (a receive answers at once; there is no real wait in virtual time),
// message retention expiry, redrive policies, and MD5OfMessageAttributes (the SDK does not check it).

import type * as Api from '@aws-sdk/client-sqs';
import { AwsServiceError } from '../../bus/errors.ts';
import { uuidV4 } from '../../bus/random.ts';
import { utf8Length } from '../../bus/utf8.ts';
import { md5Hex } from './md5.ts';

/** An SQS error: `name` is the JSON protocol's error shape, `queryError` the legacy code SDKs also read. */
export class SqsError extends AwsServiceError {
  readonly queryError: string;

  constructor(name: string, message: string, queryError: string) {
    super(name, message);
    this.queryError = queryError;
  }
}

const queueDoesNotExist = () => new SqsError('QueueDoesNotExist', 'The specified queue does not exist.', 'AWS.SimpleQueueService.NonExistentQueue;Sender');
const invalidParameter = (message: string) => new SqsError('InvalidParameterValueException', message, 'InvalidParameterValue;Sender');
function inRange(parameter: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidParameter(`Value ${value} for parameter ${parameter} is invalid. Reason: Must be between ${min} and ${max}, if provided.`);
  }
}

const missingParameter = (name: string) =>
  new SqsError('MissingParameter', `The request must contain the parameter ${name}.`, 'MissingParameter;Sender');

interface StoredMessage {
  id: string;
  body: string;
  /** Computed when first asked for: deliveries far outnumber reads. */
  md5?: string;
  attributes: Record<string, Api.MessageAttributeValue>;
  sentAt: number;
  /** Until first received, a message not yet visible is delayed (DelaySeconds); after that, in flight. */
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  receiptHandle?: string;
}

interface Queue {
  name: string;
  url: string;
  arn: string;
  attributes: Record<string, string>;
  createdAt: number;
  messages: StoredMessage[];
}

export interface SqsOptions {
  now: () => number;
  random: () => number;
  account: string;
  region: string;
  partition?: string;
  /** Where queue URLs point: SQS's own host by default; the local endpoint gives its address. */
  baseUrl?: string;
}

const DEFAULT_ATTRIBUTES: Record<string, string> = {
  VisibilityTimeout: '30',
  // 1 MiB now (it was 256 KiB); "existing functions, queues, and buses get the enhancement automatically".
  // https://aws.amazon.com/blogs/compute/more-room-to-build-serverless-services-now-support-payloads-up-to-1-mb
  MaximumMessageSize: '1048576',
  MessageRetentionPeriod: '345600',
  DelaySeconds: '0',
  ReceiveMessageWaitTimeSeconds: '0',
};

export class SqsQueues {
  readonly #options: SqsOptions;
  readonly #queues = new Map<string, Queue>();
  readonly #byArn = new Map<string, Queue>();

  constructor(options: SqsOptions) {
    this.#options = options;
  }

  createQueue(request: Api.CreateQueueRequest): Api.CreateQueueResult {
    const name = request.QueueName;
    if (!name) throw missingParameter('QueueName');
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) {
      throw invalidParameter('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
    }
    const attributes = { ...DEFAULT_ATTRIBUTES, ...request.Attributes };
    const existing = this.#queues.get(name);
    if (existing) {
      for (const [key, value] of Object.entries(request.Attributes ?? {})) {
        if (existing.attributes[key] !== value) {
          throw new SqsError('QueueNameExists', `A queue already exists with the same name and a different value for attribute ${key}`, 'QueueAlreadyExists;Sender');
        }
      }
      return { QueueUrl: existing.url };
    }
    const { account, region, partition = 'aws' } = this.#options;
    const queue: Queue = {
      name,
      url: `${this.#baseUrl()}/${account}/${name}`,
      arn: `arn:${partition}:sqs:${region}:${account}:${name}`,
      attributes,
      createdAt: this.#options.now(),
      messages: [],
    };
    this.#queues.set(name, queue);
    this.#byArn.set(queue.arn, queue);
    return { QueueUrl: queue.url };
  }

  getQueueUrl(request: Api.GetQueueUrlRequest): Api.GetQueueUrlResult {
    if (!request.QueueName) throw missingParameter('QueueName');
    const queue = this.#queues.get(request.QueueName);
    if (!queue) throw queueDoesNotExist();
    return { QueueUrl: queue.url };
  }

  listQueues(request: Api.ListQueuesRequest = {}): Api.ListQueuesResult {
    const urls = [...this.#queues.values()].filter((q) => !request.QueueNamePrefix || q.name.startsWith(request.QueueNamePrefix)).map((q) => q.url);
    return urls.length > 0 ? { QueueUrls: urls } : {};
  }

  deleteQueue(request: Api.DeleteQueueRequest): void {
    const queue = this.#queue(request.QueueUrl);
    this.#queues.delete(queue.name);
    this.#byArn.delete(queue.arn);
  }

  sendMessage(request: Api.SendMessageRequest): Api.SendMessageResult {
    const queue = this.#queue(request.QueueUrl);
    if (request.MessageBody === undefined) throw missingParameter('MessageBody');
    const message = this.#enqueue(queue, request.MessageBody, request.MessageAttributes ?? {}, request.DelaySeconds);
    return { MessageId: message.id, MD5OfMessageBody: (message.md5 ??= md5Hex(message.body)) };
  }

  receiveMessage(request: Api.ReceiveMessageRequest): Api.ReceiveMessageResult {
    const queue = this.#queue(request.QueueUrl);
    const max = request.MaxNumberOfMessages ?? 1;
    inRange('MaxNumberOfMessages', max, 1, 10);
    if (request.VisibilityTimeout !== undefined) inRange('VisibilityTimeout', request.VisibilityTimeout, 0, 43_200);
    const now = this.#options.now();
    const visibilityMs = (request.VisibilityTimeout ?? Number(queue.attributes.VisibilityTimeout)) * 1000;
    const wantedSystem = new Set<string>([...(request.AttributeNames ?? []), ...(request.MessageSystemAttributeNames ?? [])]);
    const wantedAttributes = new Set(request.MessageAttributeNames ?? []);

    const messages: Api.Message[] = [];
    for (const message of queue.messages) {
      if (messages.length === max) break;
      if (message.visibleAt > now) continue;
      message.receiveCount++;
      message.firstReceivedAt ??= now;
      message.visibleAt = now + visibilityMs;
      message.receiptHandle = `${message.id}#${uuidV4(this.#options.random)}`;
      messages.push({
        MessageId: message.id,
        ReceiptHandle: message.receiptHandle,
        MD5OfBody: (message.md5 ??= md5Hex(message.body)),
        Body: message.body,
        ...this.#systemAttributes(message, wantedSystem),
        ...pick(message.attributes, wantedAttributes),
      });
    }
    return messages.length > 0 ? { Messages: messages } : {};
  }

  deleteMessage(request: Api.DeleteMessageRequest): void {
    const queue = this.#queue(request.QueueUrl);
    if (!request.ReceiptHandle) throw missingParameter('ReceiptHandle');
    const index = queue.messages.findIndex((m) => m.receiptHandle === request.ReceiptHandle);
    if (index !== -1) {
      queue.messages.splice(index, 1);
      return;
    }
    // A handle of a message already deleted is accepted; one that was never issued is not.
    if (!/^[0-9a-f-]{36}#[0-9a-f-]{36}$/.test(request.ReceiptHandle)) {
      throw new SqsError('ReceiptHandleIsInvalid', `The input receipt handle "${request.ReceiptHandle}" is not a valid receipt handle.`, 'ReceiptHandleIsInvalid;Sender');
    }
  }

  /**
   * DeleteMessage for up to ten receipt handles; each entry succeeds or fails on its own, and the call answers 200
   * either way. The whole request is refused when it has no entries, more than ten, or two with one Id. (The
   * messages' wording is as moto and LocalStack reproduce SQS's; the codes are the API reference's.)
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessageBatch.html
   */
  deleteMessageBatch(request: Api.DeleteMessageBatchRequest): Api.DeleteMessageBatchResult {
    this.#queue(request.QueueUrl);
    const entries = request.Entries ?? [];
    this.#checkBatch(entries, 'DeleteMessageBatchRequestEntry');
    const Successful: Api.DeleteMessageBatchResultEntry[] = [];
    const Failed: Api.BatchResultErrorEntry[] = [];
    for (const entry of entries) {
      try {
        this.deleteMessage({ QueueUrl: request.QueueUrl, ReceiptHandle: entry.ReceiptHandle });
        Successful.push({ Id: entry.Id });
      } catch (error) {
        if (!(error instanceof SqsError)) throw error;
        Failed.push({ Id: entry.Id, Code: error.name, Message: error.message, SenderFault: true });
      }
    }
    return { Successful, Failed };
  }

  /**
   * Hides a received message for `VisibilityTimeout` seconds from now (0 makes it visible at once). Only a message
   * that is in flight, received and neither deleted nor visible again, can be changed.
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html
   */
  changeMessageVisibility(request: Api.ChangeMessageVisibilityRequest): void {
    const queue = this.#queue(request.QueueUrl);
    if (!request.ReceiptHandle) throw missingParameter('ReceiptHandle');
    if (request.VisibilityTimeout === undefined) throw missingParameter('VisibilityTimeout');
    inRange('VisibilityTimeout', request.VisibilityTimeout, 0, 43_200);
    const message = queue.messages.find((m) => m.receiptHandle === request.ReceiptHandle);
    if (!message) {
      throw new SqsError('ReceiptHandleIsInvalid', `The input receipt handle "${request.ReceiptHandle}" is not a valid receipt handle.`, 'ReceiptHandleIsInvalid;Sender');
    }
    const now = this.#options.now();
    if (message.visibleAt <= now) {
      throw new SqsError('MessageNotInflight', 'Message does not exist or is not available for visibility timeout change.', 'AWS.SimpleQueueService.MessageNotInflight;Sender');
    }
    message.visibleAt = now + request.VisibilityTimeout * 1000;
  }

  #checkBatch(entries: { Id?: string }[], entryName: string): void {
    if (entries.length === 0) {
      throw new SqsError('EmptyBatchRequest', `There should be at least one ${entryName} in the request.`, 'AWS.SimpleQueueService.EmptyBatchRequest;Sender');
    }
    if (entries.length > 10) {
      throw new SqsError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are 10. You have sent ${entries.length}.`, 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest;Sender');
    }
    const seen = new Set<string>();
    for (const { Id } of entries) {
      if (!Id || !/^[A-Za-z0-9_-]{1,80}$/.test(Id)) {
        throw new SqsError('InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.', 'AWS.SimpleQueueService.InvalidBatchEntryId;Sender');
      }
      if (seen.has(Id)) throw new SqsError('BatchEntryIdsNotDistinct', `Id ${Id} repeated.`, 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct;Sender');
      seen.add(Id);
    }
  }

  getQueueAttributes(request: Api.GetQueueAttributesRequest): Api.GetQueueAttributesResult {
    const queue = this.#queue(request.QueueUrl);
    const now = this.#options.now();
    const visible = queue.messages.filter((m) => m.visibleAt <= now).length;
    const delayed = queue.messages.filter((m) => m.visibleAt > now && m.receiveCount === 0).length;
    const all: Record<string, string> = {
      ...queue.attributes,
      QueueArn: queue.arn,
      ApproximateNumberOfMessages: String(visible),
      ApproximateNumberOfMessagesNotVisible: String(queue.messages.length - visible - delayed),
      ApproximateNumberOfMessagesDelayed: String(delayed),
      CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
      LastModifiedTimestamp: String(Math.floor(queue.createdAt / 1000)),
    };
    const names = request.AttributeNames ?? [];
    const attributes = names.includes('All') ? all : Object.fromEntries(names.filter((n) => n in all).map((n) => [n, all[n]!]));
    return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
  }

  purgeQueue(request: Api.PurgeQueueRequest): void {
    this.#queue(request.QueueUrl).messages.length = 0;
  }

  // ---- For the rest of the simulation ----

  /** Delivers to the queue an ARN names (queue targets, dead-letter queues); false if there is no such queue. */
  sendToArn(arn: string, body: string, attributes: Record<string, string> = {}): boolean {
    const queue = this.#byArn.get(arn);
    if (!queue) return false;
    const messageAttributes = Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]));
    this.#enqueue(queue, body, messageAttributes, undefined);
    return true;
  }

  /** Every message in a queue, visible or not, oldest first: for checks and the workbench. */
  peek(queueName: string): { body: string; attributes: Record<string, string>; receiveCount: number }[] {
    const queue = this.#queues.get(queueName);
    if (!queue) throw queueDoesNotExist();
    return queue.messages.map((m) => ({
      body: m.body,
      attributes: Object.fromEntries(Object.entries(m.attributes).map(([k, v]) => [k, v.StringValue ?? ''])),
      receiveCount: m.receiveCount,
    }));
  }

  #enqueue(queue: Queue, body: string, attributes: Record<string, Api.MessageAttributeValue>, delaySeconds: number | undefined): StoredMessage {
    if (body.length === 0) throw invalidParameter('The request must contain a non-empty message body.');
    const maximum = Number(queue.attributes.MaximumMessageSize);
    // A UTF-16 unit is at most 3 UTF-8 bytes: most bodies are clearly small enough without counting.
    if (body.length * 3 > maximum && utf8Length(body) > maximum) {
      throw invalidParameter(`One or more parameters are invalid. Reason: Message must be shorter than ${maximum} bytes.`);
    }
    if (delaySeconds !== undefined) inRange('DelaySeconds', delaySeconds, 0, 900);
    const now = this.#options.now();
    const message: StoredMessage = {
      id: uuidV4(this.#options.random),
      body,
      attributes: copyAttributes(attributes),
      sentAt: now,
      visibleAt: now + (delaySeconds ?? Number(queue.attributes.DelaySeconds)) * 1000,
      receiveCount: 0,
    };
    queue.messages.push(message);
    return message;
  }

  #systemAttributes(message: StoredMessage, wanted: ReadonlySet<string>): Pick<Api.Message, 'Attributes'> {
    if (wanted.size === 0) return {};
    const all: Record<string, string> = {
      SenderId: this.#options.account,
      SentTimestamp: String(message.sentAt),
      ApproximateReceiveCount: String(message.receiveCount),
      ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
    };
    const chosen = wanted.has('All') ? all : Object.fromEntries(Object.entries(all).filter(([k]) => wanted.has(k)));
    return Object.keys(chosen).length > 0 ? { Attributes: chosen as Api.Message['Attributes'] } : {};
  }

  #queue(url: string | undefined): Queue {
    if (!url) throw missingParameter('QueueUrl');
    // Accept the URL from any host: the name is the last path segment, as SQS reads it.
    const name = url.replace(/\/+$/, '').split('/').pop() ?? '';
    const queue = this.#queues.get(name);
    if (!queue) throw queueDoesNotExist();
    return queue;
  }

  #baseUrl(): string {
    return (this.#options.baseUrl ?? `https://sqs.${this.#options.region}.amazonaws.com`).replace(/\/+$/, '');
  }
}

function copyAttributes(attributes: Record<string, Api.MessageAttributeValue>): Record<string, Api.MessageAttributeValue> {
  const copy: Record<string, Api.MessageAttributeValue> = {};
  for (const name in attributes) copy[name] = { ...attributes[name]! };
  return copy;
}

function pick(attributes: Record<string, Api.MessageAttributeValue>, wanted: ReadonlySet<string>): Pick<Api.Message, 'MessageAttributes'> {
  if (wanted.size === 0 || Object.keys(attributes).length === 0) return {};
  const all = wanted.has('All') || wanted.has('.*');
  const chosen = Object.fromEntries(Object.entries(attributes).filter(([name]) => all || wanted.has(name)));
  return Object.keys(chosen).length > 0 ? { MessageAttributes: chosen } : {};
}
