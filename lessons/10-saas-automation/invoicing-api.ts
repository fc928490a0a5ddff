// Given, not to edit: the finance team's invoicing service, a SaaS API outside AWS. The simulation runs it in
// place of https://invoices.example.com so that you can watch every request EventBridge sends it.
//
// POST /v1/invoices with the header `x-api-key` and a JSON body:
//   { "requestId": "…", "accountId": "…", "customerName": "…", "billingEmail": "…", "amount": 1250.5, "currency": "EUR" }
// 201 { invoiceId } when it issues an invoice. A request whose requestId it has seen before issues nothing and
// answers 200 with the first invoice's id: that is how a client retries safely. 400 says what is wrong with a body.

interface Request {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

interface Response {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** The key the finance team issued to the company's EventBridge connection. */
const API_KEY = 'fin-test-5f3c9a';

/** Invoices issued so far, by the requestId that asked for them. */
const issued = new Map<string, string>();

const json = (status: number, value: unknown): Response => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
const problem = (message: string) => json(400, { message });

export function respond(request: Request): Response {
  if (request.path !== '/v1/invoices') return json(404, { message: `No route ${request.method} ${request.path}` });
  if (request.method !== 'POST') return json(405, { message: `${request.method} is not allowed on /v1/invoices; use POST` });
  if (request.headers['x-api-key'] !== API_KEY) return json(401, { message: 'Missing or unknown x-api-key' });

  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    return problem(`The body is not JSON: ${request.body.slice(0, 80)}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return problem('The body must be a JSON object');
  const invoice = body as Record<string, unknown>;
  for (const field of ['requestId', 'accountId', 'customerName', 'billingEmail', 'currency']) {
    if (typeof invoice[field] !== 'string' || invoice[field] === '') return problem(`${field} must be a non-empty string, but it is ${JSON.stringify(invoice[field])}`);
  }
  if (typeof invoice.amount !== 'number' || !(invoice.amount > 0)) return problem(`amount must be a number above 0, but it is ${JSON.stringify(invoice.amount)}`);
  if (!/^[A-Z]{3}$/.test(invoice.currency as string)) return problem(`currency must be a three-letter ISO code, but it is ${JSON.stringify(invoice.currency)}`);
  if (!(invoice.billingEmail as string).includes('@')) return problem(`billingEmail must be an email address, but it is ${JSON.stringify(invoice.billingEmail)}`);

  const requestId = invoice.requestId as string;
  const earlier = issued.get(requestId);
  if (earlier) return json(200, { invoiceId: earlier, repeated: true });
  const invoiceId = `INV-${String(issued.size + 1).padStart(6, '0')}`;
  issued.set(requestId, invoiceId);
  console.log(`Issued ${invoiceId} to ${invoice.customerName} for ${invoice.amount} ${invoice.currency} (request ${requestId})`);
  return json(201, { invoiceId });
}
