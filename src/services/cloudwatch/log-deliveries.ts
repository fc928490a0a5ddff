// Vended-log delivery in CloudWatch Logs: how an AWS service's own logs reach a log group. A *delivery source* is a
// resource and the kind of log it sends (its log type), a *delivery destination* names where logs go (here a log
// group), and a *delivery* joins one source to one destination. An EventBridge bus is a source with three log types,
// one per level its records are written at: ERROR_LOGS, INFO_LOGS and TRACE_LOGS, so a bus logging at TRACE whose
// only delivery is from its INFO_LOGS source sends its INFO records and nothing else.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutDeliverySource.html
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutDeliveryDestination.html
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateDelivery.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-logs.html
//
// The bus's log types: the PutDeliverySource reference lists INFO_LOGS and ERROR_LOGS for "Amazon EventBridge Event
// Bus (Custom)"; the CDK's event bus log mixins (generated from AWS's log source specifications) add TRACE_LOGS, and
// so does the Terraform AWS provider's example of bus logging, which is tested against AWS. All three are taken.
// https://docs.aws.amazon.com/cdk/api/v2/python/aws_cdk.mixins_preview.aws_events.mixins.html
//
// Error wording: the API reference names each operation's exceptions but not their messages. The messages for a
// missing source, destination or delivery and for conflicting updates are those the moto project gives (not
// confirmed against AWS); "1 validation error detected: …" is AWS's usual validation wording with the reference's
// constraints. The messages saying what the simulator does not deliver are its own.
//
// Left out: destinations other than CloudWatch Logs log groups (S3, Firehose, X-Ray), cross-account delivery and
// its policies, the log group's resource policy (the simulator has no IAM), output formats other than JSON (the
// format is kept but records are always JSON lines), record fields, S3 delivery configuration, tags beyond storing
// them, pagination of the Describe operations, and sources of any service other than EventBridge.

import type * as Api from '@aws-sdk/client-cloudwatch-logs';
import { AwsServiceError } from '../../bus/errors.ts';

/** The log types of an EventBridge event bus, each carrying the records written at one level. */
export const EVENT_BUS_LOG_TYPES = ['ERROR_LOGS', 'INFO_LOGS', 'TRACE_LOGS'] as const;
export type EventBusLogType = (typeof EVENT_BUS_LOG_TYPES)[number];

const OUTPUT_FORMATS = ['json', 'plain', 'w3c', 'raw', 'parquet'];
const NAME = /^[\w-]*$/;

const validation = (message: string) => new AwsServiceError('ValidationException', message);
const conflict = (message: string) => new AwsServiceError('ConflictException', message);
const notFound = (message: string) => new AwsServiceError('ResourceNotFoundException', message);
const noSource = () => notFound('Requested Delivery Source does not exist in this account.');
const noDestination = () => notFound('Requested Delivery Destination does not exist in this account.');

interface Source extends Api.DeliverySource {
  name: string;
  arn: string;
  resourceArns: [string];
  logType: string;
}
interface Destination extends Api.DeliveryDestination {
  name: string;
  arn: string;
  deliveryDestinationConfiguration: { destinationResourceArn: string };
}
interface Delivery extends Api.Delivery {
  id: string;
  arn: string;
  deliverySourceName: string;
  deliveryDestinationArn: string;
}

export class LogDeliveries {
  readonly #sources = new Map<string, Source>();
  readonly #destinations = new Map<string, Destination>();
  readonly #deliveries = new Map<string, Delivery>();
  readonly #account: string;
  readonly #region: string;
  #nextId = 1;

  constructor(where: { account: string; region: string }) {
    this.#account = where.account;
    this.#region = where.region;
  }

  putDeliverySource(request: Api.PutDeliverySourceRequest): Api.PutDeliverySourceResponse {
    const name = checkName(request.name);
    const resourceArn = required(request.resourceArn, 'resourceArn');
    const logType = required(request.logType, 'logType');
    if (!this.#isEventBus(resourceArn)) {
      throw validation(`The simulator delivers the logs of EventBridge event buses only (arn:aws:events:${this.#region}:${this.#account}:event-bus/NAME), not of ${resourceArn}.`);
    }
    if (!(EVENT_BUS_LOG_TYPES as readonly string[]).includes(logType)) throw validation('This service is not allowed for this LogSource.');
    const existing = this.#sources.get(name);
    if (existing) {
      if (request.tags) throw conflict('Tags can only be provided when a resource is being created, not updated.');
      if (existing.resourceArns[0] !== resourceArn) {
        throw conflict('Update to existing Delivery Source with new ResourceId is not allowed. Please create a new Delivery Source instead.');
      }
    }
    const source: Source = {
      name,
      arn: `arn:aws:logs:${this.#region}:${this.#account}:delivery-source:${name}`,
      resourceArns: [resourceArn],
      service: 'events',
      logType,
      ...((request.tags ?? existing?.tags) ? { tags: { ...(request.tags ?? existing?.tags) } } : {}),
    };
    this.#sources.set(name, source);
    return { deliverySource: copy(source) };
  }

  getDeliverySource(request: Api.GetDeliverySourceRequest): Api.GetDeliverySourceResponse {
    const source = this.#sources.get(checkName(request.name));
    if (!source) throw noSource();
    return { deliverySource: copy(source) };
  }

  describeDeliverySources(): Api.DescribeDeliverySourcesResponse {
    return { deliverySources: [...this.#sources.values()].map(copy) };
  }

  deleteDeliverySource(request: Api.DeleteDeliverySourceRequest): void {
    const name = checkName(request.name);
    if (!this.#sources.has(name)) throw noSource();
    // The reference: "You can't delete a delivery source if any current deliveries are associated with it."
    if ([...this.#deliveries.values()].some((d) => d.deliverySourceName === name)) {
      throw conflict(`The delivery source ${name} is used by a delivery: delete the delivery first.`);
    }
    this.#sources.delete(name);
  }

  putDeliveryDestination(request: Api.PutDeliveryDestinationRequest): Api.PutDeliveryDestinationResponse {
    const name = checkName(request.name);
    const target = required(request.deliveryDestinationConfiguration?.destinationResourceArn, 'deliveryDestinationConfiguration.destinationResourceArn');
    if (request.outputFormat !== undefined && !OUTPUT_FORMATS.includes(request.outputFormat)) {
      throw validation(`1 validation error detected: Value '${request.outputFormat}' at 'outputFormat' failed to satisfy constraint: Member must satisfy enum value set: [${OUTPUT_FORMATS.join(', ')}]`);
    }
    if (logGroupOf(target) === undefined) {
      throw validation(`The simulator delivers to CloudWatch Logs log groups only (arn:aws:logs:${this.#region}:${this.#account}:log-group:NAME), not to ${target}.`);
    }
    const existing = this.#destinations.get(name);
    if (existing) {
      if (request.tags) throw conflict('Tags can only be provided when a resource is being created, not updated.');
      if (request.outputFormat !== undefined && request.outputFormat !== existing.outputFormat) {
        throw validation('Update to existing Delivery Destination with new Output Format is not allowed. Please create a new Delivery Destination instead.');
      }
    }
    const destination: Destination = {
      name,
      arn: `arn:aws:logs:${this.#region}:${this.#account}:delivery-destination:${name}`,
      deliveryDestinationType: 'CWL',
      ...((request.outputFormat ?? existing?.outputFormat) ? { outputFormat: request.outputFormat ?? existing?.outputFormat } : {}),
      deliveryDestinationConfiguration: { destinationResourceArn: target },
      ...((request.tags ?? existing?.tags) ? { tags: { ...(request.tags ?? existing?.tags) } } : {}),
    };
    this.#destinations.set(name, destination);
    return { deliveryDestination: copy(destination) };
  }

  getDeliveryDestination(request: Api.GetDeliveryDestinationRequest): Api.GetDeliveryDestinationResponse {
    const destination = this.#destinations.get(checkName(request.name));
    if (!destination) throw noDestination();
    return { deliveryDestination: copy(destination) };
  }

  describeDeliveryDestinations(): Api.DescribeDeliveryDestinationsResponse {
    return { deliveryDestinations: [...this.#destinations.values()].map(copy) };
  }

  deleteDeliveryDestination(request: Api.DeleteDeliveryDestinationRequest): void {
    const destination = this.#destinations.get(checkName(request.name));
    if (!destination) throw noDestination();
    // The reference: "You can't delete a delivery destination if any current deliveries are associated with it."
    if ([...this.#deliveries.values()].some((d) => d.deliveryDestinationArn === destination.arn)) {
      throw conflict(`The delivery destination ${destination.name} is used by a delivery: delete the delivery first.`);
    }
    this.#destinations.delete(destination.name);
  }

  createDelivery(request: Api.CreateDeliveryRequest): Api.CreateDeliveryResponse {
    const sourceName = required(request.deliverySourceName, 'deliverySourceName');
    const destinationArn = required(request.deliveryDestinationArn, 'deliveryDestinationArn');
    if (!this.#sources.has(sourceName)) throw noSource();
    const destination = [...this.#destinations.values()].find((d) => d.arn === destinationArn);
    if (!destination) throw noDestination();
    for (const delivery of this.#deliveries.values()) {
      if (delivery.deliverySourceName !== sourceName) continue;
      if (delivery.deliveryDestinationArn === destinationArn) throw conflict('The specified Delivery already exists');
      // Every destination here is a log group: a source has at most one delivery to CloudWatch Logs.
      throw conflict('Delivery already exists for this Delivery Source with the same Delivery Destination Type.');
    }
    const id = String(this.#nextId++).padStart(16, '0');
    const delivery: Delivery = {
      id,
      arn: `arn:aws:logs:${this.#region}:${this.#account}:delivery:${id}`,
      deliverySourceName: sourceName,
      deliveryDestinationArn: destinationArn,
      deliveryDestinationType: 'CWL',
      ...(request.tags ? { tags: { ...request.tags } } : {}),
    };
    this.#deliveries.set(id, delivery);
    return { delivery: copy(delivery) };
  }

  getDelivery(request: Api.GetDeliveryRequest): Api.GetDeliveryResponse {
    const delivery = this.#deliveries.get(required(request.id, 'id'));
    if (!delivery) throw notFound('Requested Delivery does not exist in this account.');
    return { delivery: copy(delivery) };
  }

  describeDeliveries(): Api.DescribeDeliveriesResponse {
    return { deliveries: [...this.#deliveries.values()].map(copy) };
  }

  deleteDelivery(request: Api.DeleteDeliveryRequest): void {
    if (!this.#deliveries.delete(required(request.id, 'id'))) throw notFound('Requested Delivery does not exist in this account.');
  }

  /** The log groups that the logs of this type from this resource are delivered to. */
  logGroupsFor(resourceArn: string, logType: string): string[] {
    const groups = new Set<string>();
    for (const delivery of this.#deliveries.values()) {
      const source = this.#sources.get(delivery.deliverySourceName);
      if (source?.resourceArns[0] !== resourceArn || source.logType !== logType) continue;
      const destination = [...this.#destinations.values()].find((d) => d.arn === delivery.deliveryDestinationArn);
      const group = destination && logGroupOf(destination.deliveryDestinationConfiguration.destinationResourceArn);
      if (group !== undefined) groups.add(group);
    }
    return [...groups];
  }

  #isEventBus(arn: string): boolean {
    return arn.startsWith(`arn:aws:events:${this.#region}:${this.#account}:event-bus/`) && arn.length > `arn:aws:events:${this.#region}:${this.#account}:event-bus/`.length;
  }
}

/** The name of the log group an ARN names (with or without the trailing `:*` DescribeLogGroups' `arn` has). */
function logGroupOf(arn: string): string | undefined {
  return /^arn:aws:logs:[^:]+:\d{12}:log-group:([.\-_/#A-Za-z0-9]+)(?::\*)?$/.exec(arn)?.[1];
}

function required(value: string | undefined, member: string): string {
  if (value === undefined) throw validation(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  return value;
}

/** Source and destination names: 1 to 60 word characters or hyphens (the API reference's constraints). */
function checkName(value: string | undefined): string {
  const name = required(value, 'name');
  if (name.length < 1 || name.length > 60) {
    throw validation(`1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must have length ${name.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 60'}`);
  }
  if (!NAME.test(name)) throw validation(`1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]*`);
  return name;
}

function copy<T>(value: T): T {
  return structuredClone(value);
}
