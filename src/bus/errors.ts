// Errors the EventBridge API returns, named as AWS names them (the `__type` of the JSON 1.1 error body) and
// carrying AWS's exact message. The protocol adapter turns any of them into an AWS-shaped HTTP answer.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/CommonErrors.html

export class AwsServiceError extends Error {
  /** The HTTP status AWS answers with. */
  readonly httpStatus: number;

  constructor(name: string, message: string, httpStatus = 400) {
    super(message);
    this.name = name;
    this.httpStatus = httpStatus;
  }

  /** The error code clients branch on: the same as `name`. */
  get code(): string {
    return this.name;
  }
}

export class ValidationException extends AwsServiceError {
  constructor(message: string) {
    super('ValidationException', message);
  }
}

export class ResourceNotFoundException extends AwsServiceError {
  constructor(message: string) {
    super('ResourceNotFoundException', message);
  }
}

export class ResourceAlreadyExistsException extends AwsServiceError {
  constructor(message: string) {
    super('ResourceAlreadyExistsException', message);
  }
}

export class LimitExceededException extends AwsServiceError {
  constructor(message: string) {
    super('LimitExceededException', message);
  }
}

export class IllegalStatusException extends AwsServiceError {
  constructor(message: string) {
    super('IllegalStatusException', message);
  }
}


export class InternalException extends AwsServiceError {
  constructor(message = 'An internal error occurred.') {
    super('InternalException', message, 500);
  }
}
