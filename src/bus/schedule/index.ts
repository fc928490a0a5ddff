// Scheduled rules: parse a ScheduleExpression (parse.ts) and find when it fires next (next.ts). Which bus
// may hold a scheduled rule ("ScheduleExpression is supported only on the default event bus.") and the
// clock that drives firing belong to the bus layer.

export {
  INVALID_SCHEDULE_MESSAGE,
  parseScheduleExpression,
  type CronSchedule,
  type DayRule,
  type RateSchedule,
  type RateUnit,
  type Schedule,
} from './parse.ts';
export { nextFireTime, type FireTimeOptions } from './next.ts';
