// DynamoDB Streams: a time-ordered log of the item-level changes to a table, one stream record per write that
// changed an item, kept 24 hours on the account's clock, shaped as Lambda and EventBridge Pipes receive them.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_Record.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_StreamRecord.html
//
// Simplified: a stream has one shard that never splits or closes (DynamoDB splits shards as the write rate asks);
// readers name a position by the sequence number they read last. Left out: the DynamoDB Streams API
// (ListStreams, DescribeStream, GetShardIterator, GetRecords) and the userIdentity of records that TTL deletes.

import { itemSize, valuesEqual, type Item } from './values.ts';

export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

export const STREAM_VIEW_TYPES: readonly StreamViewType[] = ['NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES', 'KEYS_ONLY'];

/** One change to one item, as Lambda and Pipes deliver it (the Record shape of the DynamoDB Streams API). */
export interface StreamRecord {
  /** 32 hex digits, unique per record. */
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventVersion: string;
  eventSource: 'aws:dynamodb';
  awsRegion: string;
  dynamodb: {
    /** Epoch seconds, whole. */
    ApproximateCreationDateTime: number;
    Keys: Item;
    NewImage?: Item;
    OldImage?: Item;
    SequenceNumber: string;
    SizeBytes: number;
    StreamViewType: StreamViewType;
  };
  /** The stream's ARN, as in Lambda's sample events (the Pipes guide's sample shows the table's). */
  eventSourceARN: string;
}

/** Where a reader is: after the record with this sequence number, or before the first (undefined). */
export type StreamPosition = string | undefined;

export interface StreamDescription {
  streamArn: string;
  streamLabel: string;
  tableName: string;
  viewType: StreamViewType;
  /** False once the table's stream was disabled or the table deleted: no new records, the old ones readable 24 hours. */
  enabled: boolean;
}

/** "All data in DynamoDB Streams is subject to a 24 hour lifetime." */
export const STREAM_RETENTION_MS = 24 * 3600_000;

interface Stream extends StreamDescription {
  records: { record: StreamRecord; at: number }[];
}

export interface StreamLogOptions {
  now: () => number;
  region: string;
  /** 32 hex digits for an eventID; a counter when absent. */
  newEventId?: () => string;
}

/** The streams of every table of an account, enabled or not, and the records written to them. */
export class StreamLog {
  readonly #options: StreamLogOptions;
  readonly #streams = new Map<string, Stream>();
  readonly #listeners = new Set<(streamArn: string) => void>();
  #sequence = 0n;
  #eventIds = 0;
  #lastLabel = '';

  constructor(options: StreamLogOptions) {
    this.#options = options;
  }

  /**
   * A new stream for a table. Its ARN ends in a label made of the time it was created; "If you disable and then
   * re-enable a stream on the table, a new stream will be created with a different stream descriptor."
   */
  create(tableArn: string, tableName: string, viewType: StreamViewType): StreamDescription {
    let label = new Date(this.#options.now()).toISOString().slice(0, -1);
    // Two streams of one table in the same millisecond would share an ARN: take the next millisecond.
    if (label <= this.#lastLabel) label = new Date(Date.parse(`${this.#lastLabel}Z`) + 1).toISOString().slice(0, -1);
    this.#lastLabel = label;
    const stream: Stream = { streamArn: `${tableArn}/stream/${label}`, streamLabel: label, tableName, viewType, enabled: true, records: [] };
    this.#streams.set(stream.streamArn, stream);
    return describe(stream);
  }

  disable(streamArn: string): void {
    const stream = this.#streams.get(streamArn);
    if (stream) stream.enabled = false;
  }

  describe(streamArn: string): StreamDescription | undefined {
    const stream = this.#streams.get(streamArn);
    return stream && describe(stream);
  }

  /**
   * Writes the record of one write to an item, if the write changed it: "If you perform a PutItem or UpdateItem
   * operation that does not change any data in an item, then DynamoDB Streams does not write a stream record for
   * that operation." A delete of an item that is not there changes nothing either.
   */
  write(streamArn: string, keys: Item, oldItem: Item | undefined, newItem: Item | undefined): StreamRecord | undefined {
    const stream = this.#streams.get(streamArn);
    if (!stream?.enabled || sameItem(oldItem, newItem)) return undefined;
    const now = this.#options.now();
    const view = stream.viewType;
    const newImage = newItem && (view === 'NEW_IMAGE' || view === 'NEW_AND_OLD_IMAGES') ? structuredClone(newItem) : undefined;
    const oldImage = oldItem && (view === 'OLD_IMAGE' || view === 'NEW_AND_OLD_IMAGES') ? structuredClone(oldItem) : undefined;
    const record: StreamRecord = {
      eventID: this.#options.newEventId?.() ?? (++this.#eventIds).toString(16).padStart(32, '0'),
      eventName: !oldItem ? 'INSERT' : newItem ? 'MODIFY' : 'REMOVE',
      // The version real records carry (Lambda's and Pipes' sample events; the Pipes guide's own sample shows "1.0").
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: this.#options.region,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(now / 1000),
        Keys: structuredClone(keys),
        ...(newImage ? { NewImage: newImage } : {}),
        ...(oldImage ? { OldImage: oldImage } : {}),
        // Numeric strings that grow with every record of the account, all of one length, so they also sort as text.
        SequenceNumber: String(10n ** 20n + ++this.#sequence),
        // The documentation does not say how SizeBytes is counted; the keys and images at DynamoDB's item sizes give
        // the 26 and 59 bytes of the sample records in the Pipes guide (eb-pipes-dynamodb).
        SizeBytes: itemSize(keys) + (newImage ? itemSize(newImage) : 0) + (oldImage ? itemSize(oldImage) : 0),
        StreamViewType: view,
      },
      eventSourceARN: stream.streamArn,
    };
    this.#trim(stream);
    stream.records.push({ record, at: now });
    for (const listener of this.#listeners) listener(stream.streamArn);
    return structuredClone(record);
  }

  /** The records after `position`, oldest first (at most `limit`), that are still in the stream. */
  read(streamArn: string, position: StreamPosition, limit = Number.POSITIVE_INFINITY): StreamRecord[] {
    const stream = this.#streams.get(streamArn);
    if (!stream) return [];
    this.#trim(stream);
    const first = firstAfter(stream, position);
    return stream.records.slice(first, first + Math.max(0, limit)).map(({ record }) => structuredClone(record));
  }

  /** How many records `read` would return, without copying any: for a reader that only asks whether a batch is there. */
  count(streamArn: string, position: StreamPosition, limit = Number.POSITIVE_INFINITY): number {
    const stream = this.#streams.get(streamArn);
    if (!stream) return 0;
    this.#trim(stream);
    return Math.max(0, Math.min(limit, stream.records.length - firstAfter(stream, position)));
  }

  /**
   * Where a reader starts: TRIM_HORIZON before the oldest record still kept, LATEST after the newest one (only
   * records written from now on). https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetShardIterator.html
   */
  startingPosition(streamArn: string, start: 'TRIM_HORIZON' | 'LATEST'): StreamPosition {
    const stream = this.#streams.get(streamArn);
    if (!stream || start === 'TRIM_HORIZON') return undefined;
    return stream.records.at(-1)?.record.dynamodb.SequenceNumber;
  }

  /** Calls `listener` with the stream's ARN after each record written. */
  onRecord(listener: (streamArn: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #trim(stream: Stream): void {
    const oldest = this.#options.now() - STREAM_RETENTION_MS;
    let drop = 0;
    while (drop < stream.records.length && stream.records[drop]!.at <= oldest) drop++;
    if (drop > 0) stream.records.splice(0, drop);
  }
}

/** The index of the first record after `position`: the records are in sequence order, so a binary search. */
function firstAfter(stream: Stream, position: StreamPosition): number {
  if (position === undefined) return 0;
  let low = 0;
  let high = stream.records.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sequenceAfter(stream.records[middle]!.record.dynamodb.SequenceNumber, position)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Whether sequence number `a` comes after `b`: whole numbers in decimal, so a longer one is larger, and text order decides among equals in length. */
const sequenceAfter = (a: string, b: string) => (a.length === b.length ? a > b : a.length > b.length);

const describe = ({ streamArn, streamLabel, tableName, viewType, enabled }: Stream): StreamDescription => ({ streamArn, streamLabel, tableName, viewType, enabled });

/** Whether a write left the item as it was: the same attributes with equal values (numbers by value). */
function sameItem(a: Item | undefined, b: Item | undefined): boolean {
  if (!a || !b) return a === b;
  const names = Object.keys(a);
  if (names.length !== Object.keys(b).length) return false;
  return names.every((name) => b[name] !== undefined && valuesEqual(a[name]!, b[name]!));
}
