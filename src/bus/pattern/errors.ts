// The two errors EventBridge returns for TestEventPattern / PutRule input, with AWS's exact wording.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TestEventPattern.html#API_TestEventPattern_Errors

/** A pattern AWS refuses. `message` is the full text AWS returns, starting "Event pattern is not valid. Reason: ". */
export class InvalidEventPatternException extends Error {
  override readonly name = 'InvalidEventPatternException';
  readonly code = 'InvalidEventPatternException';
  readonly httpStatus = 400;
  /** The reason alone, without AWS's prefix or Jackson's location suffix. */
  readonly reason: string;

  constructor(reason: string, locationSuffix = '') {
    super(`Event pattern is not valid. Reason: ${reason}${locationSuffix}`);
    this.reason = reason;
  }
}

/** An event that is not a JSON object with the envelope fields TestEventPattern requires. */
export class ValidationException extends Error {
  override readonly name = 'ValidationException';
  readonly code = 'ValidationException';
  readonly httpStatus = 400;

  constructor(message = 'Parameter Event is not valid.') {
    super(message);
  }
}

export function isAwsPatternError(error: unknown): error is InvalidEventPatternException | ValidationException {
  return error instanceof InvalidEventPatternException || error instanceof ValidationException;
}
