// Amazon SNS topics in memory, as targets: each publish is recorded so checks and the workbench can show what
// a topic sent. Subscriptions and their deliveries are left out until a lesson needs them.

export interface PublishedMessage {
  messageId: string;
  message: string;
  subject?: string;
  timestamp: number;
}

export class SnsTopics {
  readonly #topics = new Map<string, PublishedMessage[]>();
  readonly #options: { now: () => number; newId: () => string; account: string; region: string; partition?: string };

  constructor(options: { now: () => number; newId: () => string; account: string; region: string; partition?: string }) {
    this.#options = options;
  }

  createTopic(name: string): { TopicArn: string } {
    if (!this.#topics.has(name)) this.#topics.set(name, []);
    return { TopicArn: this.arnOf(name) };
  }

  arnOf(name: string): string {
    const { partition = 'aws', region, account } = this.#options;
    return `arn:${partition}:sns:${region}:${account}:${name}`;
  }

  /** Publishes to the topic an ARN names; undefined if there is no such topic. */
  publishToArn(arn: string, message: string, subject?: string): { MessageId: string } | undefined {
    const name = arn.split(':').pop() ?? '';
    const messages = arn === this.arnOf(name) ? this.#topics.get(name) : undefined;
    if (!messages) return undefined;
    const published: PublishedMessage = { messageId: this.#options.newId(), message, timestamp: this.#options.now(), ...(subject ? { subject } : {}) };
    messages.push(published);
    return { MessageId: published.messageId };
  }

  published(name: string): PublishedMessage[] {
    return [...(this.#topics.get(name) ?? [])];
  }
}
