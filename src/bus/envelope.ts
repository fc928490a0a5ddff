// The event as EventBridge delivers it: what PutEvents was given, wrapped in the envelope every event shares.
// https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html

export interface EventEnvelope {
  version: '0';
  /** A version 4 UUID, new for every event (a replayed event gets a new one too). */
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  /** RFC 3339 UTC, to the second: `2026-11-22T09:15:00Z`. */
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
  /** Set on events a replay re-sends: the replay's name. */
  'replay-name'?: string;
}
