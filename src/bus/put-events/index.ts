// PutEvents as far as it concerns one request and its entries: request-level errors (request.ts), each
// entry's own result (an event envelope, or an ErrorCode/ErrorMessage in the 200 response), and the
// envelope EventBridge wraps around an accepted entry.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
//
// Left out, because they need the rest of the bus: whether EventBusName names an existing bus (AWS accepts
// the entry, returns an EventId and drops the event), delivery (a target that fails is never reported in
// the PutEvents response), endpoints, KMS, and permissions other than the reserved `aws.` sources.
// The detail is kept as parsed JSON, so number spelling (`1.0`) and duplicate keys are not preserved.

import type { EventEnvelope } from '../envelope.ts';
import { nestsDeeperThan } from '../json-depth.ts';
import { validatePutEventsRequest, type PutEventsRequest, type PutEventsRequestEntry } from './request.ts';
import { formatEventTime, parseEventTime } from './time.ts';

export {
  entrySize,
  javaToString,
  MAX_ENTRIES,
  MAX_REQUEST_ENTRIES_SIZE,
  validatePutEventsRequest,
  type PutEventsRequest,
  type PutEventsRequestEntry,
} from './request.ts';
export { formatEventTime, parseEventTime } from './time.ts';

/** What an entry becomes when it fails: one element of the response's Entries. */
export interface EntryError {
  ErrorCode: string;
  ErrorMessage: string;
}

export interface EventDefaults {
  /** The event id (a version 4 UUID). */
  id: string;
  account: string;
  region: string;
  /** Used as the event's time when the entry has no Time. */
  now: Date;
}

const required = (field: string): EntryError => ({
  ErrorCode: 'InvalidArgument',
  ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.`,
});

/**
 * The envelope for one entry, or the entry's error as AWS reports it. Expects the request to have passed
 * validatePutEventsRequest (so Time, if any, is readable).
 */
export function buildEvent(entry: PutEventsRequestEntry, defaults: EventDefaults): { event: EventEnvelope } | EntryError {
  // An empty string counts as missing: recorded for DetailType, assumed for the other two.
  if (!entry.Source) return required('Source');
  if (!entry.DetailType) return required('DetailType');
  if (!entry.Detail) return required('Detail');
  // Sources starting with "aws." are reserved for AWS services. Unrecorded message.
  if (entry.Source.startsWith('aws.')) {
    return { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' };
  }
  // Recorded: a string, a JSON string, an array and broken JSON are all "malformed"; only an object will do. Nesting
  // past what EventBridge processes is refused the same way (unrecorded: AWS's answer to it is not known).
  const detail = nestsDeeperThan(entry.Detail) ? undefined : parseDetail(entry.Detail);
  if (!detail) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  const timeMs = entry.Time !== undefined && entry.Time !== null ? parseEventTime(entry.Time) : undefined;
  return {
    event: {
      version: '0',
      id: defaults.id,
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: defaults.account,
      time: formatEventTime(timeMs ?? defaults.now.getTime()),
      region: defaults.region,
      resources: entry.Resources ? [...entry.Resources] : [],
      detail,
    },
  };
}

export interface PutEventsOutcome {
  /** The entries' total size as EventBridge counts it (the PutEventsRequestSize metric). */
  size: number;
  /** The PutEvents response body. */
  response: { FailedEntryCount: number; Entries: Array<{ EventId: string } | EntryError> };
  /** The accepted events in request order, with the bus each was addressed to (`default` when none). */
  accepted: Array<{ index: number; eventBusName: string; event: EventEnvelope }>;
}

/**
 * A whole PutEvents call short of routing: throws for request-level errors, otherwise gives the response
 * and the events to put on their buses. `newId` is called once per accepted entry.
 */
export function preparePutEvents(
  request: PutEventsRequest,
  context: { account: string; region: string; now: Date; newId: () => string },
): PutEventsOutcome {
  const size = validatePutEventsRequest(request);
  const entries = request.Entries as PutEventsRequestEntry[];
  const outcome: PutEventsOutcome = { size, response: { FailedEntryCount: 0, Entries: [] }, accepted: [] };
  entries.forEach((entry, index) => {
    const built = buildEvent(entry, { id: '', account: context.account, region: context.region, now: context.now });
    if ('event' in built) {
      built.event.id = context.newId();
      outcome.response.Entries.push({ EventId: built.event.id });
      outcome.accepted.push({ index, eventBusName: entry.EventBusName || 'default', event: built.event });
    } else {
      outcome.response.FailedEntryCount += 1;
      outcome.response.Entries.push(built);
    }
  });
  return outcome;
}

function parseDetail(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
