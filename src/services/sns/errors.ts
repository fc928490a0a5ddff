// SNS's errors, as the query protocol names them (`<Code>` of the XML error body), with AWS's message. A few
// carry members besides the message (VerificationException has `Status`); query-protocol.ts writes them into
// the `<Error>` element, where the SDK reads them.
// https://docs.aws.amazon.com/sns/latest/api/CommonErrors.html

import { AwsServiceError } from '../../bus/errors.ts';

export class SnsError extends AwsServiceError {
  /** Members of the error besides Code and Message. */
  readonly fields: Readonly<Record<string, string>>;

  constructor(code: string, message: string, status = 400, fields: Record<string, string> = {}) {
    super(code, message, status);
    this.fields = fields;
  }
}

export const snsError = (code: string, message: string, status = 400, fields: Record<string, string> = {}) => new SnsError(code, message, status, fields);
export const invalidParameter = (message: string) => snsError('InvalidParameter', `Invalid parameter: ${message}`);
