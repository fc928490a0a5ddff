// A pipe's InputTemplate, filled for one event: inline JSON paths and the aws.pipes.* variables.

import { describe, expect, it } from 'vitest';
import { renderPipeTemplate, type PipeContext } from './input-template.ts';

const context: PipeContext = {
  pipeArn: 'arn:aws:pipes:us-east-1:123456789012:pipe/orders-outbox',
  pipeName: 'orders-outbox',
  sourceArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000',
  enrichmentArn: undefined,
  targetArn: 'arn:aws:events:us-east-1:123456789012:event-bus/default',
};
const NOW = Date.parse('2026-01-01T10:00:00.500Z');
const event = { eventName: 'INSERT', dynamodb: { NewImage: { orderId: { S: 'o-1' }, total: { N: '12.5' }, lines: { L: [{ S: 'a' }, { S: 'b' }] } } } };
const render = (template: string, value: unknown = event) => renderPipeTemplate(template, value, context, NOW);

describe('pipe input templates', () => {
  it('puts a string found by a path outside quotes as a JSON string, and inside quotes as its text', () => {
    expect(render('{"id": <$.dynamodb.NewImage.orderId.S>, "text": "order <$.dynamodb.NewImage.orderId.S>!"}')).toBe('{"id":"o-1","text":"order o-1!"}');
  });

  it('puts an object or an array as JSON in a JSON template, and an array element by index', () => {
    expect(render('{"image": <$.dynamodb.NewImage.orderId>, "first": <$.dynamodb.NewImage.lines.L[0].S>}')).toBe('{"image":{"S":"o-1"},"first":"a"}');
  });

  it('drops the quotes of an object in a text template, as the guide says "{"key": "value"}" becomes "{key: value}"', () => {
    expect(render('Order <$.dynamodb.NewImage.orderId>')).toBe('Order {S:o-1}');
  });

  it('fills the reserved variables of the pipe and the ingestion time', () => {
    expect(JSON.parse(render('{"arn": <aws.pipes.pipe-arn>, "name": <aws.pipes.pipe-name>, "source": <aws.pipes.source-arn>, "target": <aws.pipes.target-arn>, "at": <aws.pipes.event.ingestion-time>}')!)).toEqual({
      arn: context.pipeArn,
      name: 'orders-outbox',
      source: context.sourceArn,
      target: context.targetArn,
      at: '2026-01-01T10:00:00.500Z',
    });
  });

  it('gives the event as an escaped string in <aws.pipes.event> and as JSON in <aws.pipes.event.json>', () => {
    const out = JSON.parse(render('{"text": <aws.pipes.event>, "json": <aws.pipes.event.json>}')!) as { text: string; json: unknown };
    expect(JSON.parse(out.text)).toEqual(event);
    expect(out.json).toEqual(event);
  });

  it('puts "" for a path that finds nothing, keeps an unknown variable as written, and reports a template that is not JSON', () => {
    expect(render('{"missing": <$.dynamodb.OldImage>}')).toBe('{"missing":""}');
    expect(render('Hello <aws.pipes.unknown> <name>')).toBe('Hello <aws.pipes.unknown> <name>');
    expect(render('{"image": "<$.dynamodb.NewImage>"}')).toBeUndefined();
  });
});
