// EventBridge connections: the authorization an API destination uses to call an HTTPS endpoint, and the extra
// headers, query parameters and body parameters it adds to every call.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-target-connection.html
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateConnection.html
//
// - API_KEY and BASIC connections are AUTHORIZED at once; EventBridge adds the key header, or an
//   `Authorization: Basic` header, to each call.
// - OAUTH_CLIENT_CREDENTIALS connections start AUTHORIZING: EventBridge asks the AuthorizationEndpoint for a token
//   (client id and secret as HTTP Basic credentials, plus the OAuthHttpParameters) and sends it as a Bearer token.
//   A failed token request leaves the connection DEAUTHORIZED. Tokens are refreshed when a call answers 401 or
//   407, and before a call when they expire within 60 seconds.
//   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-target-connection-auth.html
// - EventBridge also de-authorizes a BASIC or API_KEY connection whose endpoint answers 401 or 407, and an OAuth
//   connection whose token cannot be refreshed; DeauthorizeConnection does it on request and removes the secret.
//   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-target-connection-deauthorize.html
//
// The secret lives in Secrets Manager in AWS (SecretArn names it); here it stays in memory, and Describe and
// List never show a password, API key value, client secret or a parameter marked IsValueSecret.
// Simplified: no private APIs (InvocationConnectivityParameters), no KMS keys, no connection state-change
// events; states that last seconds in AWS (CREATING, UPDATING, DELETING, DEAUTHORIZING) are only what the
// request answers, and the next state is reached at the same virtual instant.

import type * as Api from '@aws-sdk/client-eventbridge';
import type { Scope } from '../arn.ts';
import { Constraints, NAME_PATTERN, NAME_PATTERN_TEXT } from '../constraints.ts';
import type { VirtualClock } from '../clock.ts';
import { ResourceAlreadyExistsException, ResourceNotFoundException, ValidationException } from '../errors.ts';
import type { HttpPort } from '../ports.ts';
import { uuidV4 } from '../random.ts';
import { base64 } from './base64.ts';
import { paginate } from '../paginate.ts';

/** How long EventBridge waits for any HTTP answer, the token endpoint's included. */
export const HTTP_TIMEOUT_MS = 5_000;
/** A token expiring within this is refreshed before the call that would use it. */
const REFRESH_WINDOW_MS = 60_000;

const AUTHORIZATION_TYPES = ['BASIC', 'OAUTH_CLIENT_CREDENTIALS', 'API_KEY'] as const;
const OAUTH_METHODS = ['GET', 'POST', 'PUT'];
// The patterns the API reference gives for credentials and header names and values.
const CREDENTIAL = /[ \t]*[^\x00-\x1F:\x7F]+([ \t]+[^\x00-\x1F:\x7F]+)*[ \t]*/;
const CREDENTIAL_TEXT = '^[ \\t]*[^\\x00-\\x1F:\\x7F]+([ \\t]+[^\\x00-\\x1F:\\x7F]+)*[ \\t]*$';
const HEADER_KEY = /[!#$%&'*+\-.^_`|~0-9a-zA-Z]+/;
const HEADER_KEY_TEXT = "^[!#$%&'*+-.^_`|~0-9a-zA-Z]+$";
const HEADER_VALUE = /[ \t]*[\x20-\x7E]+([ \t]+[\x20-\x7E]+)*[ \t]*/;
const HEADER_VALUE_TEXT = '^[ \\t]*[\\x20-\\x7E]+([ \\t]+[\\x20-\\x7E]+)*[ \\t]*$';
export const HTTPS_ENDPOINT = /((%[0-9A-Fa-f]{2}|[-()_.!~*';/?:@&=+$,A-Za-z0-9])+)([).!';/?:,])?/;
export const HTTPS_ENDPOINT_TEXT = "^((%[0-9A-Fa-f]{2}|[-()_.!~*';/?:@\\x26=+$,A-Za-z0-9])+)([).!';/?:,])?$";

export interface Connection {
  name: string;
  arn: string;
  secretArn: string;
  description?: string;
  authorizationType: Api.ConnectionAuthorizationType;
  /** Everything the request gave, secrets included; undefined once de-authorized. */
  auth: Api.CreateConnectionAuthRequestParameters | undefined;
  state: Api.ConnectionState;
  stateReason?: string;
  creationTime: Date;
  lastModifiedTime: Date;
  lastAuthorizedTime?: Date;
  token?: { value: string; expiresAt: number | undefined };
  /** Bumped on each change, so a token answer for an older version of the connection is ignored. */
  version: number;
}

/** The authorization and parameters a connection adds to one call. */
export interface ConnectionCredentials {
  headers: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, string>;
}

export class Connections {
  readonly #connections = new Map<string, Connection>();
  readonly #scope: Scope;
  readonly #clock: VirtualClock;
  readonly #random: () => number;
  readonly #http: () => HttpPort;

  constructor(deps: { scope: Scope; clock: VirtualClock; random: () => number; http: () => HttpPort }) {
    this.#scope = deps.scope;
    this.#clock = deps.clock;
    this.#random = deps.random;
    this.#http = deps.http;
  }

  create(request: Api.CreateConnectionRequest): Api.CreateConnectionResponse {
    const constraints = new Constraints()
      .required('name', request.Name)
      .pattern('name', request.Name, NAME_PATTERN, NAME_PATTERN_TEXT)
      .length('name', request.Name, 1, 64)
      .length('description', request.Description, 0, 512)
      .required('authorizationType', request.AuthorizationType)
      .oneOf('authorizationType', request.AuthorizationType, AUTHORIZATION_TYPES)
      .required('authParameters', request.AuthParameters);
    authViolations(constraints, request.AuthParameters, 'authParameters', true);
    constraints.check();
    const name = request.Name!;
    if (this.#connections.has(name)) throw new ResourceAlreadyExistsException(`Connection ${name} already exists.`);
    checkAuthMatchesType(request.AuthorizationType!, request.AuthParameters!);
    const id = uuidV4(this.#random);
    const now = new Date(this.#clock.now());
    const connection: Connection = {
      name,
      arn: `arn:${this.#scope.partition}:events:${this.#scope.region}:${this.#scope.account}:connection/${name}/${id}`,
      // The secret EventBridge keeps in Secrets Manager, named `events!connection/<name>/<id>`.
      secretArn: `arn:${this.#scope.partition}:secretsmanager:${this.#scope.region}:${this.#scope.account}:secret:events!connection/${name}/${id}`,
      description: request.Description,
      authorizationType: request.AuthorizationType!,
      auth: structuredClone(request.AuthParameters),
      state: 'CREATING',
      creationTime: now,
      lastModifiedTime: now,
      version: 0,
    };
    this.#connections.set(name, connection);
    this.#authorize(connection);
    return { ConnectionArn: connection.arn, ConnectionState: connection.state, CreationTime: now, LastModifiedTime: now };
  }

  describe(request: Api.DescribeConnectionRequest): Api.DescribeConnectionResponse {
    const connection = this.get(request.Name);
    return {
      ConnectionArn: connection.arn,
      Name: connection.name,
      ...(connection.description !== undefined ? { Description: connection.description } : {}),
      ConnectionState: connection.state,
      ...(connection.stateReason !== undefined ? { StateReason: connection.stateReason } : {}),
      AuthorizationType: connection.authorizationType,
      ...(connection.auth ? { SecretArn: connection.secretArn, AuthParameters: withoutSecrets(connection.auth) } : {}),
      CreationTime: connection.creationTime,
      LastModifiedTime: connection.lastModifiedTime,
      ...(connection.lastAuthorizedTime ? { LastAuthorizedTime: connection.lastAuthorizedTime } : {}),
    };
  }

  list(request: Api.ListConnectionsRequest = {}): Api.ListConnectionsResponse {
    new Constraints()
      .oneOf('connectionState', request.ConnectionState, ['CREATING', 'UPDATING', 'DELETING', 'AUTHORIZED', 'DEAUTHORIZED', 'AUTHORIZING', 'DEAUTHORIZING', 'ACTIVE', 'FAILED_CONNECTIVITY'])
      .range('limit', request.Limit, 1, 100)
      .check();
    const connections = [...this.#connections.values()]
      .filter((c) => (!request.NamePrefix || c.name.startsWith(request.NamePrefix)) && (!request.ConnectionState || c.state === request.ConnectionState))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((c) => ({
        ConnectionArn: c.arn,
        Name: c.name,
        ConnectionState: c.state,
        ...(c.stateReason !== undefined ? { StateReason: c.stateReason } : {}),
        AuthorizationType: c.authorizationType,
        CreationTime: c.creationTime,
        LastModifiedTime: c.lastModifiedTime,
        ...(c.lastAuthorizedTime ? { LastAuthorizedTime: c.lastAuthorizedTime } : {}),
      }));
    const { page, next } = paginate(connections, request.NextToken, request.Limit);
    return { Connections: page, ...(next ? { NextToken: next } : {}) };
  }

  /** Replaces the parameters the request gives (the others stay) and authorizes again. */
  update(request: Api.UpdateConnectionRequest): Api.UpdateConnectionResponse {
    const constraints = new Constraints()
      .required('name', request.Name)
      .pattern('name', request.Name, NAME_PATTERN, NAME_PATTERN_TEXT)
      .length('name', request.Name, 1, 64)
      .length('description', request.Description, 0, 512)
      .oneOf('authorizationType', request.AuthorizationType, AUTHORIZATION_TYPES);
    authViolations(constraints, request.AuthParameters as Api.CreateConnectionAuthRequestParameters | undefined, 'authParameters', false);
    constraints.check();
    const connection = this.get(request.Name);
    const type = request.AuthorizationType ?? connection.authorizationType;
    const auth = mergeAuth(type === connection.authorizationType ? connection.auth : undefined, request.AuthParameters);
    checkAuthMatchesType(type, auth);
    if (request.Description !== undefined) connection.description = request.Description;
    connection.authorizationType = type;
    connection.auth = auth;
    connection.token = undefined;
    connection.state = 'UPDATING';
    connection.stateReason = undefined;
    connection.lastModifiedTime = new Date(this.#clock.now());
    connection.version++;
    this.#authorize(connection);
    return this.#stateAnswer(connection, 'UPDATING');
  }

  delete(request: Api.DeleteConnectionRequest): Api.DeleteConnectionResponse {
    const connection = this.get(request.Name);
    this.#connections.delete(connection.name);
    connection.version++;
    return this.#stateAnswer(connection, 'DELETING');
  }

  /** Removes the authorization parameters (and the secret); the connection stays, DEAUTHORIZED, until updated. */
  deauthorize(request: Api.DeauthorizeConnectionRequest): Api.DeauthorizeConnectionResponse {
    const connection = this.get(request.Name);
    const answer = this.#stateAnswer(connection, 'DEAUTHORIZING');
    connection.version++;
    connection.auth = undefined;
    connection.token = undefined;
    this.#setState(connection, 'DEAUTHORIZED', 'Connection was deauthorized by the user.');
    return answer;
  }

  get(name: string | undefined): Connection {
    new Constraints().required('name', name).pattern('name', name, NAME_PATTERN, NAME_PATTERN_TEXT).length('name', name, 1, 64).check();
    const connection = this.#connections.get(name!);
    if (!connection) throw new ResourceNotFoundException(`Failed to describe the connection(s). Connection '${name}' does not exist.`);
    return connection;
  }

  /** The connection an ARN names, if it exists. */
  byArn(arn: string): Connection | undefined {
    const name = arn.split(':connection/')[1]?.split('/')[0];
    const connection = name === undefined ? undefined : this.#connections.get(name);
    return connection?.arn === arn ? connection : undefined;
  }

  /**
   * What the connection adds to a call now, or why it cannot authorize one. An OAuth token about to expire is
   * fetched again first, which is why this may take time.
   */
  async credentials(connection: Connection): Promise<ConnectionCredentials | { refused: string; retryable: boolean }> {
    if (connection.authorizationType === 'OAUTH_CLIENT_CREDENTIALS' && connection.state === 'AUTHORIZED') {
      const expiresAt = connection.token?.expiresAt;
      if (!connection.token || (expiresAt !== undefined && expiresAt - this.#clock.now() <= REFRESH_WINDOW_MS)) await this.#fetchToken(connection);
    }
    if (connection.state !== 'AUTHORIZED' || !connection.auth) {
      // A connection still being authorized will be ready for a retry; a de-authorized one needs someone to act.
      return { refused: `The connection ${connection.name} is ${connection.state}${connection.stateReason ? `: ${connection.stateReason}` : ''}.`, retryable: connection.state !== 'DEAUTHORIZED' };
    }
    const auth = connection.auth;
    const headers: Record<string, string> = {};
    if (connection.authorizationType === 'API_KEY' && auth.ApiKeyAuthParameters) {
      headers[auth.ApiKeyAuthParameters.ApiKeyName!] = auth.ApiKeyAuthParameters.ApiKeyValue!;
    } else if (connection.authorizationType === 'BASIC' && auth.BasicAuthParameters) {
      headers.Authorization = `Basic ${base64(`${auth.BasicAuthParameters.Username}:${auth.BasicAuthParameters.Password}`)}`;
    } else if (connection.token) {
      headers.Authorization = `Bearer ${connection.token.value}`;
    }
    const invocation = auth.InvocationHttpParameters;
    return {
      headers: { ...pairs(invocation?.HeaderParameters), ...headers },
      query: pairs(invocation?.QueryStringParameters),
      body: pairs(invocation?.BodyParameters),
    };
  }

  /**
   * The endpoint answered 401 or 407: an OAuth connection gets a new token before the next call (and is
   * de-authorized if it cannot); a BASIC or API_KEY connection is de-authorized.
   */
  rejected(connection: Connection, status: number): void {
    if (connection.authorizationType === 'OAUTH_CLIENT_CREDENTIALS') {
      connection.token = undefined;
      return;
    }
    this.#setState(connection, 'DEAUTHORIZED', `The endpoint answered ${status} to the connection's credentials.`);
  }

  #authorize(connection: Connection): void {
    if (connection.authorizationType !== 'OAUTH_CLIENT_CREDENTIALS') {
      this.#setState(connection, 'AUTHORIZED');
      return;
    }
    connection.state = 'AUTHORIZING';
    const version = connection.version;
    this.#clock.at(this.#clock.now(), async () => {
      if (connection.version === version && this.#connections.get(connection.name) === connection) await this.#fetchToken(connection);
    });
  }

  /** Asks the authorization endpoint for a token; success authorizes the connection, failure de-authorizes it. */
  async #fetchToken(connection: Connection): Promise<void> {
    const oauth = connection.auth?.OAuthParameters;
    if (!oauth) return;
    const version = connection.version;
    const extra = oauth.OAuthHttpParameters;
    const method = oauth.HttpMethod ?? 'POST';
    const url = withQuery(oauth.AuthorizationEndpoint!, pairs(extra?.QueryStringParameters));
    const body = method === 'GET' ? '' : new URLSearchParams(pairs(extra?.BodyParameters)).toString();
    const exchange = await this.#http().send(
      {
        method,
        url,
        headers: {
          ...pairs(extra?.HeaderParameters),
          Authorization: `Basic ${base64(`${oauth.ClientParameters?.ClientID}:${oauth.ClientParameters?.ClientSecret}`)}`,
          // Simulator choice: the body parameters go form-encoded, as OAuth 2.0 token requests are (RFC 6749 4.4.2).
          ...(method === 'GET' ? {} : { 'Content-Type': 'application/x-www-form-urlencoded' }),
          'User-Agent': 'Amazon/EventBridge/ApiDestinations',
        },
        body,
      },
      { timeoutMs: HTTP_TIMEOUT_MS, purpose: `connection ${connection.name} (OAuth token)` },
    );
    if (connection.version !== version) return;
    const token = exchange.ok && exchange.status >= 200 && exchange.status < 300 ? readToken(exchange.body) : undefined;
    if (!token) {
      connection.token = undefined;
      const why = !exchange.ok ? exchange.message : exchange.status >= 200 && exchange.status < 300 ? 'the answer has no access_token' : `it answered ${exchange.status}`;
      this.#setState(connection, 'DEAUTHORIZED', `Failed to obtain an OAuth token from ${oauth.AuthorizationEndpoint}: ${why}.`);
      return;
    }
    connection.token = { value: token.accessToken, expiresAt: token.expiresInSeconds === undefined ? undefined : this.#clock.now() + token.expiresInSeconds * 1000 };
    this.#setState(connection, 'AUTHORIZED');
  }

  #setState(connection: Connection, state: Api.ConnectionState, reason?: string): void {
    connection.state = state;
    connection.stateReason = reason;
    if (state === 'AUTHORIZED') connection.lastAuthorizedTime = new Date(this.#clock.now());
  }

  #stateAnswer(connection: Connection, state: Api.ConnectionState) {
    return {
      ConnectionArn: connection.arn,
      ConnectionState: state,
      CreationTime: connection.creationTime,
      LastModifiedTime: connection.lastModifiedTime,
      ...(connection.lastAuthorizedTime ? { LastAuthorizedTime: connection.lastAuthorizedTime } : {}),
    };
  }
}

type Parameters = Api.ConnectionHttpParameters | undefined;

function authViolations(c: Constraints, auth: Api.CreateConnectionAuthRequestParameters | undefined, at: string, creating: boolean): void {
  if (!auth) return;
  const key = auth.ApiKeyAuthParameters;
  if (key) {
    if (creating) c.required(`${at}.apiKeyAuthParameters.apiKeyName`, key.ApiKeyName).required(`${at}.apiKeyAuthParameters.apiKeyValue`, key.ApiKeyValue);
    credential(c, `${at}.apiKeyAuthParameters.apiKeyName`, key.ApiKeyName);
    credential(c, `${at}.apiKeyAuthParameters.apiKeyValue`, key.ApiKeyValue);
  }
  const basic = auth.BasicAuthParameters;
  if (basic) {
    if (creating) c.required(`${at}.basicAuthParameters.username`, basic.Username).required(`${at}.basicAuthParameters.password`, basic.Password);
    credential(c, `${at}.basicAuthParameters.username`, basic.Username);
    credential(c, `${at}.basicAuthParameters.password`, basic.Password);
  }
  const oauth = auth.OAuthParameters;
  if (oauth) {
    const o = `${at}.oAuthParameters`;
    if (creating) c.required(`${o}.clientParameters`, oauth.ClientParameters).required(`${o}.authorizationEndpoint`, oauth.AuthorizationEndpoint).required(`${o}.httpMethod`, oauth.HttpMethod);
    if (oauth.ClientParameters) {
      if (creating) c.required(`${o}.clientParameters.clientID`, oauth.ClientParameters.ClientID).required(`${o}.clientParameters.clientSecret`, oauth.ClientParameters.ClientSecret);
      credential(c, `${o}.clientParameters.clientID`, oauth.ClientParameters.ClientID);
      credential(c, `${o}.clientParameters.clientSecret`, oauth.ClientParameters.ClientSecret);
    }
    c.length(`${o}.authorizationEndpoint`, oauth.AuthorizationEndpoint, 1, 2048).pattern(`${o}.authorizationEndpoint`, oauth.AuthorizationEndpoint, HTTPS_ENDPOINT, HTTPS_ENDPOINT_TEXT);
    c.oneOf(`${o}.httpMethod`, oauth.HttpMethod, OAUTH_METHODS);
    parameterViolations(c, oauth.OAuthHttpParameters, `${o}.oAuthHttpParameters`);
  }
  parameterViolations(c, auth.InvocationHttpParameters, `${at}.invocationHttpParameters`);
}

function credential(c: Constraints, path: string, value: string | undefined): void {
  c.length(path, value, 1, 512).pattern(path, value, CREDENTIAL, CREDENTIAL_TEXT);
}

function parameterViolations(c: Constraints, parameters: Parameters, at: string): void {
  parameters?.HeaderParameters?.forEach((p, i) => {
    const path = `${at}.headerParameters.${i + 1}.member`;
    c.length(`${path}.key`, p.Key, 0, 512).pattern(`${path}.key`, p.Key, HEADER_KEY, HEADER_KEY_TEXT);
    c.length(`${path}.value`, p.Value, 0, 512).pattern(`${path}.value`, p.Value, HEADER_VALUE, HEADER_VALUE_TEXT);
  });
  for (const [list, name] of [
    [parameters?.QueryStringParameters, 'queryStringParameters'],
    [parameters?.BodyParameters, 'bodyParameters'],
  ] as const) {
    list?.forEach((p, i) => {
      const path = `${at}.${name}.${i + 1}.member`;
      c.length(`${path}.key`, p.Key, 0, 512).length(`${path}.value`, p.Value, 0, 512);
    });
  }
}

/** The parameters for the type must be there; others are refused. Simulator wording: AWS's is not recorded. */
function checkAuthMatchesType(type: Api.ConnectionAuthorizationType, auth: Api.CreateConnectionAuthRequestParameters | undefined): void {
  const member = { API_KEY: 'ApiKeyAuthParameters', BASIC: 'BasicAuthParameters', OAUTH_CLIENT_CREDENTIALS: 'OAuthParameters' } as const;
  const wanted = member[type as keyof typeof member];
  if (!auth?.[wanted]) throw new ValidationException(`${wanted} must be specified for authorization type ${type}.`);
  for (const other of Object.values(member)) {
    if (other !== wanted && auth[other]) throw new ValidationException(`Only ${wanted} may be specified for authorization type ${type}; remove ${other}.`);
  }
}

function mergeAuth(
  current: Api.CreateConnectionAuthRequestParameters | undefined,
  update: Api.UpdateConnectionAuthRequestParameters | undefined,
): Api.CreateConnectionAuthRequestParameters | undefined {
  if (!update) return current && structuredClone(current);
  const merged = structuredClone(current ?? {}) as Api.CreateConnectionAuthRequestParameters;
  if (update.ApiKeyAuthParameters) merged.ApiKeyAuthParameters = { ...merged.ApiKeyAuthParameters, ...defined(update.ApiKeyAuthParameters) } as Api.CreateConnectionApiKeyAuthRequestParameters;
  if (update.BasicAuthParameters) merged.BasicAuthParameters = { ...merged.BasicAuthParameters, ...defined(update.BasicAuthParameters) } as Api.CreateConnectionBasicAuthRequestParameters;
  if (update.OAuthParameters) {
    const { ClientParameters, ...rest } = update.OAuthParameters;
    merged.OAuthParameters = {
      ...merged.OAuthParameters,
      ...defined(rest),
      ...(ClientParameters ? { ClientParameters: { ...merged.OAuthParameters?.ClientParameters, ...defined(ClientParameters) } } : {}),
    } as Api.CreateConnectionOAuthRequestParameters;
  }
  if (update.InvocationHttpParameters) merged.InvocationHttpParameters = structuredClone(update.InvocationHttpParameters);
  return merged;
}

const defined = <T extends object>(value: T): Partial<T> => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

/** What Describe shows: every secret value left out. */
function withoutSecrets(auth: Api.CreateConnectionAuthRequestParameters): Api.ConnectionAuthResponseParameters {
  return {
    ...(auth.ApiKeyAuthParameters ? { ApiKeyAuthParameters: { ApiKeyName: auth.ApiKeyAuthParameters.ApiKeyName } } : {}),
    ...(auth.BasicAuthParameters ? { BasicAuthParameters: { Username: auth.BasicAuthParameters.Username } } : {}),
    ...(auth.OAuthParameters
      ? {
          OAuthParameters: {
            ClientParameters: { ClientID: auth.OAuthParameters.ClientParameters?.ClientID },
            AuthorizationEndpoint: auth.OAuthParameters.AuthorizationEndpoint,
            HttpMethod: auth.OAuthParameters.HttpMethod,
            ...(auth.OAuthParameters.OAuthHttpParameters ? { OAuthHttpParameters: publicParameters(auth.OAuthParameters.OAuthHttpParameters) } : {}),
          },
        }
      : {}),
    ...(auth.InvocationHttpParameters ? { InvocationHttpParameters: publicParameters(auth.InvocationHttpParameters) } : {}),
  };
}

function publicParameters(parameters: Api.ConnectionHttpParameters): Api.ConnectionHttpParameters {
  const strip = <P extends { Key?: string; Value?: string; IsValueSecret?: boolean }>(list: P[] | undefined) =>
    list?.map((p) => (p.IsValueSecret ? { Key: p.Key, IsValueSecret: true } : { ...p })) as P[] | undefined;
  return {
    ...(parameters.HeaderParameters ? { HeaderParameters: strip(parameters.HeaderParameters) } : {}),
    ...(parameters.QueryStringParameters ? { QueryStringParameters: strip(parameters.QueryStringParameters) } : {}),
    ...(parameters.BodyParameters ? { BodyParameters: strip(parameters.BodyParameters) } : {}),
  };
}

function pairs(list: Array<{ Key?: string; Value?: string }> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of list ?? []) if (p.Key !== undefined) out[p.Key] = p.Value ?? '';
  return out;
}

/** `url` with `query` added to its query string. */
export function withQuery(url: string, query: Record<string, string>): string {
  const entries = Object.entries(query);
  if (entries.length === 0) return url;
  const [base, hash] = url.split('#', 2) as [string, string | undefined];
  const extra = new URLSearchParams(entries).toString();
  return `${base}${base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?'}${extra}${hash !== undefined ? `#${hash}` : ''}`;
}

function readToken(body: string): { accessToken: string; expiresInSeconds: number | undefined } | undefined {
  try {
    const parsed = JSON.parse(body) as { access_token?: unknown; expires_in?: unknown };
    if (typeof parsed.access_token !== 'string' || parsed.access_token === '') return undefined;
    const expires = Number(parsed.expires_in);
    return { accessToken: parsed.access_token, expiresInSeconds: Number.isFinite(expires) && expires > 0 ? expires : undefined };
  } catch {
    return undefined;
  }
}
