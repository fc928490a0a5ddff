// The seam between the services and the Lambda runtime (src/lambda): how EventBridge hands an event to a
// function. EventBridge invokes Lambda asynchronously (InvocationType Event): Lambda answers at once whether
// it accepted the event; running it, retrying it and its on-failure destination are Lambda's business.

export type InvokeAsyncResult =
  | { accepted: true }
  | { accepted: false; errorCode: 'RESOURCE_NOT_FOUND' | 'THROTTLING' | 'NO_PERMISSIONS'; errorMessage: string };

export interface LambdaInvoker {
  invokeAsync(functionName: string, payload: string): InvokeAsyncResult | Promise<InvokeAsyncResult>;
}
