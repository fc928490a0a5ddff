// The seam between the services and the Lambda runtime (src/lambda): how EventBridge hands an event to a
// function, and how a pipe calls one. EventBridge invokes Lambda asynchronously (InvocationType Event): Lambda
// answers at once whether it accepted the event; running it, retrying it and its on-failure destination are
// Lambda's business. A pipe's enrichment is invoked synchronously (RequestResponse): the pipe waits for what
// the function returns. https://docs.aws.amazon.com/eventbridge/latest/userguide/pipes-enrichment.html

export type InvokeAsyncResult =
  | { accepted: true }
  | { accepted: false; errorCode: 'RESOURCE_NOT_FOUND' | 'THROTTLING' | 'NO_PERMISSIONS'; errorMessage: string };

/**
 * What a synchronous invocation answers: the function ran (its return value as JSON, or, when it threw, Lambda's
 * error object with `functionError` set, as the Invoke API's X-Amz-Function-Error header says), or Lambda did
 * not run it.
 */
export type InvokeSyncResult =
  | { invoked: true; payload: string; functionError?: 'Unhandled' }
  | { invoked: false; errorCode: 'RESOURCE_NOT_FOUND' | 'THROTTLING'; errorMessage: string };

export interface LambdaInvoker {
  invokeAsync(functionName: string, payload: string): InvokeAsyncResult | Promise<InvokeAsyncResult>;
  /** A RequestResponse invocation: waits for the function to return. */
  invokeSync(functionName: string, payload: string): Promise<InvokeSyncResult>;
}
