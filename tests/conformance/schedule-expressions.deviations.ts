// Cron cases of api-validation.json that src/bus/schedule knowingly answers differently from AWS, each with
// its reason and what it does instead. The conformance test checks each still behaves as written.

export type ScheduleOutcome = { accepted: true } | { code: string; message: string };

export interface Deviation {
  readonly name: string;
  readonly reason: string;
  readonly actual: ScheduleOutcome;
}

export const deviations: readonly Deviation[] = [];
