// Partner event sources, the customer's side: a SaaS partner offers a source to an AWS account, the account
// creates a partner event bus of the same name (CreateEventBus with EventSourceName), and from then on the
// partner's events arrive on that bus, where rules route them like any others.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-saas.html
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_EventSource.html
//
// States (EventSource.State): PENDING until the account creates the matching bus, or while the source is
// deactivated; ACTIVE when the bus exists and the source is active. A partner's events are delivered only to an
// ACTIVE source's bus; for any other they are dropped (the API reference: DeactivateEventSource "temporarily
// stop[s] receiving events"). https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DeactivateEventSource.html
//
// Simplified: in AWS the partner calls CreatePartnerEventSource and PutPartnerEvents from its own account, naming
// the customer's account. The simulator has one account, so `offer` stands in for CreatePartnerEventSource (the
// partner's account id is recorded, not checked), and PutPartnerEvents is answered by this same account's
// EventBridge. A source is never deleted, and does not expire after its two weeks in PENDING.

import type * as Api from '@aws-sdk/client-eventbridge';
import type { Scope } from '../arn.ts';
import { Constraints } from '../constraints.ts';
import type { VirtualClock } from '../clock.ts';
import type { EventEnvelope } from '../envelope.ts';
import { ResourceNotFoundException, ValidationException } from '../errors.ts';
import { paginate } from '../paginate.ts';
import { buildEvent, parseEventTime } from '../put-events/index.ts';

export const PARTNER_SOURCE_PATTERN = /aws\.partner(\/[\.\-_A-Za-z0-9]+){2,}/;
export const PARTNER_SOURCE_PATTERN_TEXT = 'aws\\.partner(/[\\.\\-_A-Za-z0-9]+){2,}';
/** AWS deletes a source left PENDING for more than two weeks; ExpirationTime shows when. */
const PENDING_LIFETIME_MS = 14 * 86_400_000;
const MAX_PARTNER_ENTRIES = 20;

export interface PartnerEventSource {
  name: string;
  arn: string;
  /** The partner's name, the second segment of the source name (`aws.partner/<partner>/…`). */
  createdBy: string;
  /** The account the partner called from. */
  partnerAccount: string;
  creationTime: Date;
  /** Deactivated by the account (DeactivateEventSource). */
  deactivated: boolean;
}

export class PartnerEventSources {
  readonly #sources = new Map<string, PartnerEventSource>();
  readonly #scope: Scope;
  readonly #clock: VirtualClock;
  readonly #newId: () => string;
  readonly #hasBus: (name: string) => boolean;

  constructor(deps: { scope: Scope; clock: VirtualClock; newId: () => string; hasBus: (name: string) => boolean }) {
    this.#scope = deps.scope;
    this.#clock = deps.clock;
    this.#newId = deps.newId;
    this.#hasBus = deps.hasBus;
  }

  /**
   * What a partner's CreatePartnerEventSource does for this account: the source appears, PENDING, in
   * ListEventSources. `name` is `aws.partner/<partner>/<…>`; `partnerAccount` is the partner's own account.
   */
  offer(name: string, partnerAccount = '999999999999'): PartnerEventSource {
    new Constraints().length('name', name, 1, 256).pattern('name', name, PARTNER_SOURCE_PATTERN, PARTNER_SOURCE_PATTERN_TEXT).check();
    const existing = this.#sources.get(name);
    if (existing) return existing;
    const source: PartnerEventSource = {
      name,
      arn: `arn:${this.#scope.partition}:events:${this.#scope.region}::event-source/${name}`,
      createdBy: name.split('/')[1]!,
      partnerAccount,
      creationTime: new Date(this.#clock.now()),
      deactivated: false,
    };
    this.#sources.set(name, source);
    return source;
  }

  has(name: string): boolean {
    return this.#sources.has(name);
  }

  state(source: PartnerEventSource): Api.EventSourceState {
    return !source.deactivated && this.#hasBus(source.name) ? 'ACTIVE' : 'PENDING';
  }

  list(request: Api.ListEventSourcesRequest = {}): Api.ListEventSourcesResponse {
    new Constraints().length('namePrefix', request.NamePrefix, 1, 256).range('limit', request.Limit, 1, 100).check();
    const sources = [...this.#sources.values()]
      .filter((s) => !request.NamePrefix || s.name.startsWith(request.NamePrefix))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((s) => this.#shape(s));
    const { page, next } = paginate(sources, request.NextToken, request.Limit);
    return { EventSources: page, ...(next ? { NextToken: next } : {}) };
  }

  describe(request: Api.DescribeEventSourceRequest): Api.DescribeEventSourceResponse {
    return this.#shape(this.#source(request.Name));
  }

  activate(request: Api.ActivateEventSourceRequest): void {
    const source = this.#source(request.Name, true);
    source.deactivated = false;
  }

  deactivate(request: Api.DeactivateEventSourceRequest): void {
    const source = this.#source(request.Name, true);
    source.deactivated = true;
  }

  /**
   * PutPartnerEvents: each entry becomes an event whose `source` is the event source's name and whose `account`
   * is the receiving account, bound for the partner event bus of that name. `deliver` gets the accepted events
   * of ACTIVE sources; the others are accepted and dropped.
   * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutPartnerEvents.html
   */
  putPartnerEvents(request: Api.PutPartnerEventsRequest, deliver: (busName: string, event: EventEnvelope) => void): Api.PutPartnerEventsResponse {
    new Constraints().required('entries', request.Entries).check();
    const entries = request.Entries!;
    if (entries.length < 1 || entries.length > MAX_PARTNER_ENTRIES) {
      throw new ValidationException(`1 validation error detected: Value '[${entries.length} entries]' at 'entries' failed to satisfy constraint: Member must have length ${entries.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_PARTNER_ENTRIES}`}`);
    }
    const now = this.#clock.now();
    const results: Api.PutPartnerEventsResultEntry[] = [];
    let failed = 0;
    for (const entry of entries) {
      const source = entry.Source === undefined ? undefined : this.#sources.get(entry.Source);
      if (entry.Time !== undefined && parseEventTime(entry.Time) === undefined) {
        results.push({ ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Time is not valid.' });
        failed++;
        continue;
      }
      if (entry.Source && !source) {
        // Simulator wording: a partner may only put events to a source it created.
        results.push({ ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' });
        failed++;
        continue;
      }
      // The entry is checked and wrapped as a PutEvents entry would be, with a stand-in for the reserved source.
      const built = buildEvent(
        { ...entry, Source: entry.Source ? 'partner' : entry.Source } as never,
        { id: this.#newId(), account: this.#scope.account, region: this.#scope.region, now: new Date(now) },
      );
      if (!('event' in built)) {
        results.push(built);
        failed++;
        continue;
      }
      const event: EventEnvelope = { ...built.event, source: source!.name };
      results.push({ EventId: event.id });
      if (this.state(source!) === 'ACTIVE') deliver(source!.name, event);
    }
    return { FailedEntryCount: failed, Entries: results };
  }

  #source(name: string | undefined, forBus = false): PartnerEventSource {
    new Constraints().required('name', name).length('name', name, 1, 256).pattern('name', name, PARTNER_SOURCE_PATTERN, PARTNER_SOURCE_PATTERN_TEXT).check();
    const source = this.#sources.get(name!);
    // The wording AWS answers ActivateEventSource with (https://github.com/aws/aws-sdk-js-v3/issues/4788).
    if (forBus && (!source || !this.#hasBus(name!))) throw new ResourceNotFoundException(`Event source ${name} or event bus ${name} does not exist.`);
    if (!source) throw new ResourceNotFoundException(`Event source ${name} does not exist.`);
    return source;
  }

  #shape(source: PartnerEventSource): Api.EventSource {
    const state = this.state(source);
    return {
      Arn: source.arn,
      CreatedBy: source.createdBy,
      CreationTime: source.creationTime,
      ...(state === 'PENDING' ? { ExpirationTime: new Date(source.creationTime.getTime() + PENDING_LIFETIME_MS) } : {}),
      Name: source.name,
      State: state,
    };
  }
}
