// EventBridge API destinations: an HTTPS endpoint, the method to call it with, the connection that authorizes
// the call, and how many calls a second it may receive.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-api-destinations.html
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateApiDestination.html
//
// The rate limit: InvocationRateLimitPerSecond defaults to 300 (the console's and CloudFormation's default; the
// quota page lists 300 per destination). Calls past the limit are not refused: they wait for a later second, so a
// low limit builds a backlog that can outlast the retry policy's 24 hours (the user guide's "How invocation rate
// affects event delivery"). Here each destination counts its calls per virtual second; a call that finds its
// second full waits for the next second with room. Retries count against the limit like first attempts.
// Simplified: ApiDestinationState is always ACTIVE (AWS does not document when it would be INACTIVE).

import type * as Api from '@aws-sdk/client-eventbridge';
import type { Scope } from '../arn.ts';
import { Constraints, NAME_PATTERN, NAME_PATTERN_TEXT } from '../constraints.ts';
import type { VirtualClock } from '../clock.ts';
import { ResourceAlreadyExistsException, ResourceNotFoundException, ValidationException } from '../errors.ts';
import { paginate } from '../paginate.ts';
import { uuidV4 } from '../random.ts';
import { HTTPS_ENDPOINT, HTTPS_ENDPOINT_TEXT, type Connections } from './connections.ts';

export const DEFAULT_INVOCATION_RATE_LIMIT_PER_SECOND = 300;
const METHODS = ['POST', 'GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE'];
const CONNECTION_ARN = /arn:aws([a-z]|\-)*:events:([a-z]|\d|\-)*:([0-9]{12})?:connection\/[\.\-_A-Za-z0-9]+\/[\-A-Za-z0-9]+/;
const CONNECTION_ARN_TEXT = '^arn:aws([a-z]|\\-)*:events:([a-z]|\\d|\\-)*:([0-9]{12})?:connection\\/[\\.\\-_A-Za-z0-9]+\\/[\\-A-Za-z0-9]+$';

export interface ApiDestination {
  name: string;
  arn: string;
  description?: string;
  connectionArn: string;
  invocationEndpoint: string;
  httpMethod: Api.ApiDestinationHttpMethod;
  invocationRateLimitPerSecond: number;
  creationTime: Date;
  lastModifiedTime: Date;
  /** Calls booked per virtual second (epoch second → count), for the rate limit. */
  booked: Map<number, number>;
}

export class ApiDestinations {
  readonly #destinations = new Map<string, ApiDestination>();
  readonly #scope: Scope;
  readonly #clock: VirtualClock;
  readonly #random: () => number;
  readonly #connections: Connections;

  constructor(deps: { scope: Scope; clock: VirtualClock; random: () => number; connections: Connections }) {
    this.#scope = deps.scope;
    this.#clock = deps.clock;
    this.#random = deps.random;
    this.#connections = deps.connections;
  }

  create(request: Api.CreateApiDestinationRequest): Api.CreateApiDestinationResponse {
    new Constraints()
      .required('name', request.Name)
      .pattern('name', request.Name, NAME_PATTERN, NAME_PATTERN_TEXT)
      .length('name', request.Name, 1, 64)
      .length('description', request.Description, 0, 512)
      .required('connectionArn', request.ConnectionArn)
      .length('connectionArn', request.ConnectionArn, 1, 1600)
      .pattern('connectionArn', request.ConnectionArn, CONNECTION_ARN, CONNECTION_ARN_TEXT)
      .required('invocationEndpoint', request.InvocationEndpoint)
      .length('invocationEndpoint', request.InvocationEndpoint, 1, 2048)
      .pattern('invocationEndpoint', request.InvocationEndpoint, HTTPS_ENDPOINT, HTTPS_ENDPOINT_TEXT)
      .required('httpMethod', request.HttpMethod)
      .oneOf('httpMethod', request.HttpMethod, METHODS)
      .range('invocationRateLimitPerSecond', request.InvocationRateLimitPerSecond, 1, Number.MAX_SAFE_INTEGER)
      .check();
    const name = request.Name!;
    if (this.#destinations.has(name)) throw new ResourceAlreadyExistsException(`An api-destination '${name}' already exists.`);
    this.#checkConnection(request.ConnectionArn!);
    checkHttps(request.InvocationEndpoint!);
    const now = new Date(this.#clock.now());
    const destination: ApiDestination = {
      name,
      arn: `arn:${this.#scope.partition}:events:${this.#scope.region}:${this.#scope.account}:api-destination/${name}/${uuidV4(this.#random)}`,
      description: request.Description,
      connectionArn: request.ConnectionArn!,
      invocationEndpoint: request.InvocationEndpoint!,
      httpMethod: request.HttpMethod!,
      invocationRateLimitPerSecond: request.InvocationRateLimitPerSecond ?? DEFAULT_INVOCATION_RATE_LIMIT_PER_SECOND,
      creationTime: now,
      lastModifiedTime: now,
      booked: new Map(),
    };
    this.#destinations.set(name, destination);
    return { ApiDestinationArn: destination.arn, ApiDestinationState: 'ACTIVE', CreationTime: now, LastModifiedTime: now };
  }

  describe(request: Api.DescribeApiDestinationRequest): Api.DescribeApiDestinationResponse {
    const d = this.get(request.Name);
    return {
      ApiDestinationArn: d.arn,
      Name: d.name,
      ...(d.description !== undefined ? { Description: d.description } : {}),
      ApiDestinationState: 'ACTIVE',
      ConnectionArn: d.connectionArn,
      InvocationEndpoint: d.invocationEndpoint,
      HttpMethod: d.httpMethod,
      InvocationRateLimitPerSecond: d.invocationRateLimitPerSecond,
      CreationTime: d.creationTime,
      LastModifiedTime: d.lastModifiedTime,
    };
  }

  list(request: Api.ListApiDestinationsRequest = {}): Api.ListApiDestinationsResponse {
    new Constraints().range('limit', request.Limit, 1, 100).check();
    const destinations = [...this.#destinations.values()]
      .filter((d) => (!request.NamePrefix || d.name.startsWith(request.NamePrefix)) && (!request.ConnectionArn || d.connectionArn === request.ConnectionArn))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((d) => ({
        ApiDestinationArn: d.arn,
        Name: d.name,
        ApiDestinationState: 'ACTIVE' as const,
        ConnectionArn: d.connectionArn,
        InvocationEndpoint: d.invocationEndpoint,
        HttpMethod: d.httpMethod,
        InvocationRateLimitPerSecond: d.invocationRateLimitPerSecond,
        CreationTime: d.creationTime,
        LastModifiedTime: d.lastModifiedTime,
      }));
    const { page, next } = paginate(destinations, request.NextToken, request.Limit);
    return { ApiDestinations: page, ...(next ? { NextToken: next } : {}) };
  }

  update(request: Api.UpdateApiDestinationRequest): Api.UpdateApiDestinationResponse {
    new Constraints()
      .required('name', request.Name)
      .pattern('name', request.Name, NAME_PATTERN, NAME_PATTERN_TEXT)
      .length('name', request.Name, 1, 64)
      .length('description', request.Description, 0, 512)
      .length('connectionArn', request.ConnectionArn, 1, 1600)
      .pattern('connectionArn', request.ConnectionArn, CONNECTION_ARN, CONNECTION_ARN_TEXT)
      .length('invocationEndpoint', request.InvocationEndpoint, 1, 2048)
      .pattern('invocationEndpoint', request.InvocationEndpoint, HTTPS_ENDPOINT, HTTPS_ENDPOINT_TEXT)
      .oneOf('httpMethod', request.HttpMethod, METHODS)
      .range('invocationRateLimitPerSecond', request.InvocationRateLimitPerSecond, 1, Number.MAX_SAFE_INTEGER)
      .check();
    const d = this.get(request.Name);
    if (request.ConnectionArn !== undefined) this.#checkConnection(request.ConnectionArn);
    if (request.InvocationEndpoint !== undefined) checkHttps(request.InvocationEndpoint);
    if (request.Description !== undefined) d.description = request.Description;
    if (request.ConnectionArn !== undefined) d.connectionArn = request.ConnectionArn;
    if (request.InvocationEndpoint !== undefined) d.invocationEndpoint = request.InvocationEndpoint;
    if (request.HttpMethod !== undefined) d.httpMethod = request.HttpMethod;
    if (request.InvocationRateLimitPerSecond !== undefined) d.invocationRateLimitPerSecond = request.InvocationRateLimitPerSecond;
    d.lastModifiedTime = new Date(this.#clock.now());
    return { ApiDestinationArn: d.arn, ApiDestinationState: 'ACTIVE', CreationTime: d.creationTime, LastModifiedTime: d.lastModifiedTime };
  }

  delete(request: Api.DeleteApiDestinationRequest): void {
    this.#destinations.delete(this.get(request.Name).name);
  }

  get(name: string | undefined): ApiDestination {
    new Constraints().required('name', name).pattern('name', name, NAME_PATTERN, NAME_PATTERN_TEXT).length('name', name, 1, 64).check();
    const destination = this.#destinations.get(name!);
    if (!destination) throw new ResourceNotFoundException(`Failed to describe the api-destination(s). An api-destination '${name}' does not exist.`);
    return destination;
  }

  /** The destination an ARN names, if it exists. */
  byArn(arn: string): ApiDestination | undefined {
    const name = arn.split(':api-destination/')[1]?.split('/')[0];
    const destination = name === undefined ? undefined : this.#destinations.get(name);
    return destination?.arn === arn ? destination : undefined;
  }

  /** Books the destination's next free call: now, or the start of the first later second with room. */
  book(destination: ApiDestination): number {
    const now = this.#clock.now();
    const current = Math.floor(now / 1000);
    for (const second of destination.booked.keys()) if (second < current) destination.booked.delete(second);
    let second = current;
    while ((destination.booked.get(second) ?? 0) >= destination.invocationRateLimitPerSecond) second++;
    destination.booked.set(second, (destination.booked.get(second) ?? 0) + 1);
    return second === current ? now : second * 1000;
  }

  #checkConnection(arn: string): void {
    if (!this.#connections.byArn(arn)) throw new ResourceNotFoundException(`Connection '${arn.split(':connection/')[1]?.split('/')[0]}' does not exist.`);
  }
}

/** The user guide: "The URL must use HTTPS." Simulator wording; AWS's is not recorded. */
function checkHttps(endpoint: string): void {
  if (!/^https:\/\/[^/?#]+/i.test(endpoint)) throw new ValidationException(`Parameter InvocationEndpoint is not valid. Reason: ${endpoint} is not an HTTPS URL.`);
}
