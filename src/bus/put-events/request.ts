// Request-level checks of PutEvents, the ones that fail the whole call with an HTTP 400 instead of
// failing single entries: the shape constraints of the API model (1..10 entries, EndpointId), then the
// limit on the entries' total size, computed as AWS documents it.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
// The limit is 1 MB since 2026-01-29 ("More room to build: serverless services now support payloads up to 1 MB",
// https://aws.amazon.com/blogs/compute/more-room-to-build-serverless-services-now-support-payloads-up-to-1-mb);
// it was 256 KB before, and the size page above still said so when last read.
//
// Recorded (put-events-validation.json): the more-than-10 message, which echoes every entry through the Java
// toString of AWS's internal model, and "Total size of the entries in the request is over the limit.".
// Not recorded, built from the same Coral format: the null/empty Entries and EndpointId messages; how the
// toString shows a given Time (we use java.util.Date's format) and Resources (java.util.List's).

import { AwsServiceError, ValidationException } from '../errors.ts';
import { violationMessage } from '../constraints.ts';
import { utf8Length } from '../utf8.ts';
import { parseEventTime } from './time.ts';

/** One entry of a PutEvents request as the API receives it (`Time` may arrive as epoch seconds). */
export interface PutEventsRequestEntry {
  Time?: Date | number | string;
  Source?: string;
  Resources?: string[];
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  TraceHeader?: string;
}

export interface PutEventsRequest {
  Entries?: unknown;
  EndpointId?: string;
}

/** 1 MB: the entries of one request must not add up to more. */
export const MAX_REQUEST_ENTRIES_SIZE = 1024 * 1024;
export const MAX_ENTRIES = 10;

const ENDPOINT_ID = /^[A-Za-z0-9-]+[.][A-Za-z0-9-]+$/;

/**
 * An entry's size as EventBridge counts it: 14 bytes for a Time, the UTF-8 bytes of Source, DetailType,
 * Detail and each Resource. The envelope EventBridge adds is not counted.
 */
export function entrySize(entry: PutEventsRequestEntry): number {
  let size = entry.Time !== undefined && entry.Time !== null ? 14 : 0;
  size += bytes(entry.Source) + bytes(entry.DetailType) + bytes(entry.Detail);
  for (const resource of entry.Resources ?? []) size += bytes(resource);
  return size;
}

/**
 * Throws what AWS answers for the request as a whole, or returns the entries' total size; each entry then
 * gets its own result (see buildEvent). Whether the named bus exists is not checked here: AWS accepts entries for a missing bus
 * and drops them silently, which the bus layer models.
 */
export function validatePutEventsRequest(request: PutEventsRequest): number {
  const entries = request.Entries;
  if (entries !== undefined && entries !== null && !Array.isArray(entries)) {
    // Unrecorded wording: a JSON 1.1 body whose Entries is not a list fails to deserialize.
    throw new AwsServiceError('SerializationException', 'Start of list found where not expected');
  }
  const violations: string[] = [];
  if (entries === undefined || entries === null) {
    violations.push("Value null at 'entries' failed to satisfy constraint: Member must not be null");
  } else if (entries.length < 1) {
    violations.push("Value '[]' at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1");
  } else if (entries.length > MAX_ENTRIES) {
    const shown = `[${(entries as PutEventsRequestEntry[]).map(javaToString).join(', ')}]`;
    violations.push(`Value '${shown}' at 'entries' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ENTRIES}`);
  }
  const endpoint = request.EndpointId;
  if (endpoint !== undefined) {
    if (endpoint.length > 50) {
      violations.push(`Value '${endpoint}' at 'endpointId' failed to satisfy constraint: Member must have length less than or equal to 50`);
    }
    if (!ENDPOINT_ID.test(endpoint)) {
      violations.push(
        `Value '${endpoint}' at 'endpointId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[A-Za-z0-9\\-]+[\\.][A-Za-z0-9\\-]+$`,
      );
    }
  }
  if (violations.length > 0) throw new ValidationException(violationMessage(violations));

  const list = entries as PutEventsRequestEntry[];
  if (list.some((entry) => typeof entry !== 'object' || entry === null || Array.isArray(entry))) {
    // Unrecorded wording: an entry that is not a JSON object fails to deserialize.
    throw new AwsServiceError('SerializationException', 'Start of structure or map found where not expected.');
  }
  for (const entry of list) {
    if (entry.Time !== undefined && entry.Time !== null && parseEventTime(entry.Time) === undefined) {
      // Unrecorded wording: a timestamp the JSON 1.1 protocol cannot read fails the whole request.
      throw new AwsServiceError('SerializationException', `Unable to parse date value: ${String(entry.Time)}`);
    }
  }
  const total = list.reduce((sum, entry) => sum + entrySize(entry), 0);
  if (total > MAX_REQUEST_ENTRIES_SIZE) {
    throw new ValidationException('Total size of the entries in the request is over the limit.');
  }
  return total;
}

/** How AWS's internal model prints an entry inside a validation message (Lombok-style toString). */
export function javaToString(entry: PutEventsRequestEntry): string {
  const show = (v: string | undefined) => (v === undefined || v === null ? 'null' : v);
  const time = entry.Time === undefined || entry.Time === null ? 'null' : javaDate(parseEventTime(entry.Time));
  const resources = entry.Resources ? `[${entry.Resources.join(', ')}]` : 'null';
  return (
    `PutEventsRequestEntry(time=${time}, source=${show(entry.Source)}, resources=${resources}, ` +
    `detailType=${show(entry.DetailType)}, detail=${show(entry.Detail)}, eventBusName=${show(entry.EventBusName)}, ` +
    `traceHeader=${show(entry.TraceHeader)}, kmsKeyIdentifier=null, internalMetadata=null)`
  );
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** java.util.Date#toString in UTC: `Sat Jan 01 00:00:00 UTC 2022`. */
function javaDate(ms: number | undefined): string {
  if (ms === undefined) return 'null';
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`
  );
}

function bytes(text: string | undefined): number {
  return typeof text === 'string' ? utf8Length(text) : 0;
}
