import { defineArchitecture } from '../../src/lessons/architecture.ts';

// A workflow between two SaaS products: DealFlow (the sales team's CRM, an EventBridge partner) publishes its
// events to a partner event bus in the account; one rule sends each deal won to finance's invoicing API through an
// API destination. No function of ours runs: the learner writes the rule's pattern and the input transformer that
// shapes the API's request body.
const DEALFLOW = 'aws.partner/dealflow.example/northwind/deals';

export default defineArchitecture({
  partnerSources: [{ name: DEALFLOW }],
  partnerBuses: [DEALFLOW],
  queues: [
    // Requests the invoicing API refused for good, or that could not be delivered within the retry policy.
    { name: 'invoice-dlq' },
  ],
  connections: [
    {
      name: 'invoicing',
      description: 'Finance’s invoicing API: an API key in the x-api-key header.',
      authorization: { apiKey: { name: 'x-api-key', value: 'fin-test-5f3c9a' } },
    },
  ],
  apiDestinations: [{ name: 'issue-invoice', connection: 'invoicing', endpoint: 'https://invoices.example.com/v1/invoices', method: 'POST', rateLimitPerSecond: 10 }],
  httpEndpoints: [{ origin: 'https://invoices.example.com', handler: 'invoicing-api.respond', description: 'Finance’s invoicing API, a SaaS service outside AWS.' }],
  rules: [
    {
      name: 'invoice-won-deals',
      description: 'Each deal DealFlow moves to Closed Won, to the invoicing API.',
      bus: DEALFLOW,
      eventPattern: { file: 'deal-won.json' },
      targets: [
        {
          id: 'issue-invoice',
          to: { apiDestination: 'issue-invoice' },
          inputTransformer: { file: 'invoice-request.json' },
          // Keep trying for a day, as EventBridge does by default; what cannot be delivered is kept, not dropped.
          retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 },
          deadLetterQueue: 'invoice-dlq',
        },
      ],
    },
  ],
  sampleEvents: [
    {
      name: 'Deal won',
      description: 'A salesperson moved the Northwind renewal to Closed Won.',
      entry: {
        Source: DEALFLOW,
        DetailType: 'Deal Stage Changed',
        Detail: {
          deal: { id: 'DL-20931', title: 'Northwind renewal 2027', stage: 'Closed Won', previousStage: 'Negotiation', amount: 48000, currency: 'EUR' },
          account: { id: 'ACC-1001', name: 'Northwind Traders', billingEmail: 'finance@northwind.example' },
          changedAt: '2026-11-30T16:20:00Z',
        },
      },
    },
    {
      name: 'Deal lost',
      description: 'Another deal went to Closed Lost.',
      entry: {
        Source: DEALFLOW,
        DetailType: 'Deal Stage Changed',
        Detail: {
          deal: { id: 'DL-20940', title: 'Contoso pilot', stage: 'Closed Lost', previousStage: 'Proposal', amount: 9000, currency: 'EUR' },
          account: { id: 'ACC-1002', name: 'Contoso', billingEmail: 'ap@contoso.example' },
          changedAt: '2026-11-30T16:25:00Z',
        },
      },
    },
    {
      name: 'Won deal edited',
      description: 'A salesperson corrected the title of the deal already won: an edit, not a stage change.',
      entry: {
        Source: DEALFLOW,
        DetailType: 'Deal Updated',
        Detail: {
          deal: { id: 'DL-20931', title: 'Northwind renewal 2027 (3 years)', stage: 'Closed Won', amount: 48000, currency: 'EUR' },
          account: { id: 'ACC-1001', name: 'Northwind Traders', billingEmail: 'finance@northwind.example' },
          changedAt: '2026-11-30T16:30:00Z',
        },
      },
    },
  ],
});
