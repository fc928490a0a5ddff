// The two errors EventBridge returns for TestEventPattern / PutRule input, with AWS's exact wording.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TestEventPattern.html#API_TestEventPattern_Errors

import { AwsServiceError, ValidationException } from '../errors.ts';

/** A pattern AWS refuses. `message` is the full text AWS returns, starting "Event pattern is not valid. Reason: ". */
export class InvalidEventPatternException extends AwsServiceError {
  /** The reason alone, without AWS's prefix or Jackson's location suffix. */
  readonly reason: string;
  /** Jackson's location suffix(es), `\n at [Source: …]`, or empty. */
  readonly locationSuffix: string;

  constructor(reason: string, locationSuffix = '') {
    super('InvalidEventPatternException', `Event pattern is not valid. Reason: ${reason}${locationSuffix}`);
    this.reason = reason;
    this.locationSuffix = locationSuffix;
  }
}

/** What AWS answers for an event that is not a JSON object with the envelope fields TestEventPattern requires. */
export const INVALID_EVENT_MESSAGE = 'Parameter Event is not valid.';

export const invalidEvent = () => new ValidationException(INVALID_EVENT_MESSAGE);

export { ValidationException };

export function isAwsPatternError(error: unknown): error is InvalidEventPatternException | ValidationException {
  return error instanceof InvalidEventPatternException || error instanceof ValidationException;
}
