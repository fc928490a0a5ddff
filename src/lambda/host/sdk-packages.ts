// The AWS SDK packages a handler may import, as the sandbox bundles load them: each is compiled into the
// sandbox's single script (nothing is fetched or read from disk when a handler imports one). Bundled for the
// browser in both hosts, so the clients carry no Node credential providers, no file access and no HTTP client.

export const sdkPackages: Record<string, () => Promise<unknown>> = {
  '@aws-sdk/client-eventbridge': () => import('@aws-sdk/client-eventbridge'),
  '@aws-sdk/client-sesv2': () => import('@aws-sdk/client-sesv2'),
  '@aws-sdk/client-sns': () => import('@aws-sdk/client-sns'),
  '@aws-sdk/client-sqs': () => import('@aws-sdk/client-sqs'),
  '@aws-sdk/client-dynamodb': () => import('@aws-sdk/client-dynamodb'),
  '@aws-sdk/lib-dynamodb': () => import('@aws-sdk/lib-dynamodb'),
  '@aws-sdk/util-dynamodb': () => import('@aws-sdk/util-dynamodb'),
  '@aws-sdk/client-scheduler': () => import('@aws-sdk/client-scheduler'),
};

export const loadSdkPackage = (specifier: string): Promise<unknown> => {
  const load = sdkPackages[specifier];
  return load ? load() : Promise.reject(new Error(`Cannot find module '${specifier}'`));
};
