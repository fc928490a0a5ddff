// What the Node host runs once, in a sandbox of its own, before it makes V8's code cache for the sandbox script.
//
// V8 compiles a function when it is first called, and a code cache holds only what was compiled when it was made.
// Made right after the script was evaluated, it held the runtime's start and little else, and every sandbox compiled
// again the SDK clients, middleware, serializers and parsers its handler used. Made after this handler has run, it
// saves about a fifth of a sandbox's CPU (measured on 2 cores: a cold start of a handler that writes to DynamoDB and
// puts an event, host included, 135 → 103-114 ms; the lesson self-test's sandboxes, 103 → 85 ms each). The handler
// is ours, it uses every SDK package a learner may import the way the lessons do, and the host answers its calls
// itself (warmUpAnswer below). No learner code ever runs in the process the cache comes from.

import { createHash } from 'node:crypto';
import { transpileModule, type CompiledModule } from '../transpile.ts';

const HANDLER = `import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateScheduleCommand, DeleteScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';

const attempt = async (call: () => Promise<unknown>) => {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) console.warn('warm-up call failed', error);
    return undefined;
  }
};

export const handler = async (event: { detail: Record<string, unknown> }) => {
  console.log('warming up', JSON.stringify(event), { detail: event.detail });
  const item = marshall({ pk: 'warm-up', count: 1, tags: ['a'] });
  unmarshall(item);
  const dynamodb = new DynamoDBClient({});
  const documents = DynamoDBDocumentClient.from(dynamodb);
  await attempt(() => dynamodb.send(new PutItemCommand({ TableName: 't', Item: item })));
  await attempt(() => dynamodb.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'warm-up' } } })));
  await attempt(() => documents.send(new PutCommand({ TableName: 't', Item: { pk: 'warm-up' }, ConditionExpression: 'attribute_not_exists(pk)' })));
  await attempt(() => documents.send(new GetCommand({ TableName: 't', Key: { pk: 'warm-up' } })));
  await attempt(() => documents.send(new UpdateCommand({ TableName: 't', Key: { pk: 'warm-up' }, UpdateExpression: 'ADD #c :one', ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':one': 1 } })));
  await attempt(() => documents.send(new QueryCommand({ TableName: 't', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'warm-up' } })));
  await attempt(() => dynamodb.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 't', Item: item } }] })));
  await attempt(() => new EventBridgeClient({}).send(new PutEventsCommand({ Entries: [{ Source: 'warm.up', DetailType: 'WarmUp', Detail: '{}' }] })));
  await attempt(() => new SESv2Client({}).send(new SendEmailCommand({ FromEmailAddress: 'a@example.com', Destination: { ToAddresses: ['b@example.com'] }, Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 'b' } } } } })));
  await attempt(() => new SNSClient({}).send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:t', Message: 'm' })));
  const sqs = new SQSClient({});
  await attempt(() => sqs.send(new SendMessageCommand({ QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q', MessageBody: 'm' })));
  await attempt(() => sqs.send(new ReceiveMessageCommand({ QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q' })));
  await attempt(() => sqs.send(new DeleteMessageCommand({ QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q', ReceiptHandle: 'r' })));
  const scheduler = new SchedulerClient({});
  await attempt(() => scheduler.send(new CreateScheduleCommand({ Name: 's', ScheduleExpression: 'at(2026-12-06T12:00:00)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: 'arn:aws:lambda:us-east-1:123456789012:function:f', RoleArn: 'arn:aws:iam::123456789012:role/r' } })));
  await attempt(() => scheduler.send(new DeleteScheduleCommand({ Name: 's' })));
  return { statusCode: 200, warmed: true };
};
`;

/** The warm-up handler, as the runtime is given a learner's: `handler.handler`. */
export const warmUpModules = (): CompiledModule[] => [transpileModule('handler.ts', HANDLER)];

export const WARM_UP_ENV: Record<string, string> = {
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_LAMBDA_FUNCTION_NAME: 'warm-up',
  AWS_ACCESS_KEY_ID: 'ASIASIMULATEDKEY0000',
  AWS_SECRET_ACCESS_KEY: 'simulated',
  AWS_SESSION_TOKEN: 'simulated',
};

/**
 * The host's answer to each of the warm-up's calls: a success shaped as each protocol expects (SNS speaks XML, the
 * rest JSON), and DynamoDB's refusal of a condition, so that an error's path is compiled as well as a success's.
 */
export function warmUpAnswer(request: { headers: Record<string, string>; body: string }): { status: number; headers: Record<string, string>; body: string } {
  // The SDK names its headers in lower case, as LambdaService reads them.
  const contentType = request.headers['content-type'] ?? '';
  if (contentType.includes('x-www-form-urlencoded')) {
    return {
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body: '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>warm-up</MessageId></PublishResult><ResponseMetadata><RequestId>warm-up</RequestId></ResponseMetadata></PublishResponse>',
    };
  }
  if (request.headers['x-amz-target'] === 'AmazonSQS.SendMessage') {
    // The SQS client checks the digest of the body it sent.
    const { MessageBody } = JSON.parse(request.body) as { MessageBody: string };
    return { status: 200, headers: { 'content-type': contentType }, body: JSON.stringify({ MessageId: 'warm-up', MD5OfMessageBody: createHash('md5').update(MessageBody).digest('hex') }) };
  }
  if (request.body.includes('ConditionExpression')) {
    return {
      status: 400,
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': 'ConditionalCheckFailedException' },
      body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'The conditional request failed' }),
    };
  }
  return { status: 200, headers: { 'content-type': contentType || 'application/json' }, body: '{}' };
}
