// Amazon SES (API v2) as an outbox: nothing leaves the simulator; every accepted message is recorded so
// checks and the workbench can read what a handler sent. It models verified identities (addresses and
// domains), the sandbox rules (the sender must be verified; in the sandbox every recipient must be verified
// too, except the mailbox simulator's addresses), SendEmail with Simple, Raw and Template content, and
// stored email templates.
//
// Simplified: CreateEmailIdentity verifies an identity at once (real SES first sends a confirmation email
// to an address, or waits for DKIM DNS records for a domain, and answers VerifiedForSendingStatus false).
// Left out: sending quotas and rates, configuration sets and event destinations, suppression lists,
// bounces and complaints, DKIM and MAIL FROM settings, contact lists, tenants, attachments, and the
// mailbox simulator's bounce/complaint behaviour (its addresses are accepted like any other).

import type * as Api from '@aws-sdk/client-sesv2';
import { AwsServiceError } from '../../bus/errors.ts';
import { uuidV4 } from '../../bus/random.ts';

export interface SesOptions {
  now: () => number;
  random: () => number;
  account: string;
  region: string;
  partition?: string;
  /** New accounts start in the SES sandbox (the default); `false` is an account with production access. */
  sandbox?: boolean;
}

/** One accepted message, as checks read it. */
export interface SentEmail {
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  subject: string | undefined;
  text: string | undefined;
  html: string | undefined;
  /** The MIME message as sent, for Raw content. */
  raw?: string;
  /** For Template content: the template and the data it was rendered with. */
  template?: { name?: string; data: string };
  timestamp: number;
}

interface Identity {
  name: string;
  type: 'EMAIL_ADDRESS' | 'DOMAIN';
  createdAt: number;
  tags: Api.Tag[];
  /** Easy DKIM's three CNAME tokens, for domains. */
  tokens: string[];
}

export const messageRejected = (message: string) => new AwsServiceError('MessageRejected', message);
export const badRequest = (message: string) => new AwsServiceError('BadRequestException', message);
export const notFound = (message: string) => new AwsServiceError('NotFoundException', message, 404);
export const alreadyExists = (message: string) => new AwsServiceError('AlreadyExistsException', message);

/** The mailbox simulator's domain: SES accepts its addresses in the sandbox without verification. */
const MAILBOX_SIMULATOR = 'simulator.amazonses.com';

export class SesOutbox {
  readonly #options: SesOptions;
  readonly #identities = new Map<string, Identity>();
  readonly #templates = new Map<string, Api.EmailTemplateContent>();
  readonly #sent: SentEmail[] = [];
  #sandbox: boolean;

  constructor(options: SesOptions) {
    this.#options = options;
    this.#sandbox = options.sandbox ?? true;
  }

  // ---- The SESv2 API ----

  createEmailIdentity(request: Api.CreateEmailIdentityRequest): Api.CreateEmailIdentityResponse {
    const name = request.EmailIdentity;
    if (!name) throw badRequest('EmailIdentity is required.');
    const key = identityKey(name);
    // Recorded from AWS (including its grammar): "Email identity example.com already exist."
    if (this.#identities.has(key)) throw alreadyExists(`Email identity ${name} already exist.`);
    const type = name.includes('@') ? 'EMAIL_ADDRESS' : 'DOMAIN';
    if (type === 'EMAIL_ADDRESS' && !isAddress(name)) throw badRequest(`Invalid email address ${name}.`);
    const tokens = type === 'DOMAIN' ? Array.from({ length: 3 }, () => uuidV4(this.#options.random).replace(/-/g, '')) : [];
    this.#identities.set(key, { name, type, createdAt: this.#options.now(), tags: [...(request.Tags ?? [])], tokens });
    // Verified at once in the simulator: real SES answers false here until the identity is confirmed.
    // For an address SES answers no DkimAttributes (DKIM belongs to domains).
    return { IdentityType: type, VerifiedForSendingStatus: true, ...(type === 'DOMAIN' ? { DkimAttributes: dkimAttributes(type, tokens) } : {}) };
  }

  getEmailIdentity(request: Api.GetEmailIdentityRequest): Api.GetEmailIdentityResponse {
    const identity = this.#identity(request.EmailIdentity, (name) => `Identity ${name} does not exist.`);
    return {
      IdentityType: identity.type,
      FeedbackForwardingStatus: true,
      VerifiedForSendingStatus: true,
      DkimAttributes: dkimAttributes(identity.type, identity.tokens),
      MailFromAttributes: { BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' } as Api.MailFromAttributes,
      Policies: {},
      Tags: identity.tags,
      VerificationStatus: 'SUCCESS',
      VerificationInfo: {},
    };
  }

  listEmailIdentities(request: Api.ListEmailIdentitiesRequest = {}): Api.ListEmailIdentitiesResponse {
    const all = [...this.#identities.values()].sort((a, b) => a.createdAt - b.createdAt);
    const start = request.NextToken ? Number(request.NextToken) : 0;
    if (!Number.isInteger(start) || start < 0 || start > all.length) throw badRequest('Invalid NextToken.');
    const size = request.PageSize ?? 1000;
    if (!Number.isInteger(size) || size < 1 || size > 1000) throw badRequest('PageSize must be between 1 and 1000.');
    const page = all.slice(start, start + size);
    const end = start + page.length;
    return {
      EmailIdentities: page.map((i) => ({ IdentityType: i.type, IdentityName: i.name, SendingEnabled: true, VerificationStatus: 'SUCCESS' })),
      ...(end < all.length ? { NextToken: String(end) } : {}),
    };
  }

  deleteEmailIdentity(request: Api.DeleteEmailIdentityRequest): Api.DeleteEmailIdentityResponse {
    const identity = this.#identity(request.EmailIdentity, (name) => `Email identity ${name} does not exist.`);
    this.#identities.delete(identityKey(identity.name));
    return {};
  }

  createEmailTemplate(request: Api.CreateEmailTemplateRequest): Api.CreateEmailTemplateResponse {
    const name = request.TemplateName;
    if (!name) throw badRequest('TemplateName is required.');
    if (!request.TemplateContent) throw badRequest('TemplateContent is required.');
    if (this.#templates.has(name)) throw alreadyExists(`Template ${name} already exists.`);
    this.#templates.set(name, { ...request.TemplateContent });
    return {};
  }

  getEmailTemplate(request: Api.GetEmailTemplateRequest): Api.GetEmailTemplateResponse {
    const content = request.TemplateName ? this.#templates.get(request.TemplateName) : undefined;
    if (!content) throw notFound(`Template ${request.TemplateName ?? ''} does not exist.`);
    return { TemplateName: request.TemplateName!, TemplateContent: { ...content } };
  }

  deleteEmailTemplate(request: Api.DeleteEmailTemplateRequest): Api.DeleteEmailTemplateResponse {
    if (!request.TemplateName || !this.#templates.delete(request.TemplateName)) throw notFound(`Template ${request.TemplateName ?? ''} does not exist.`);
    return {};
  }

  sendEmail(request: Api.SendEmailRequest): Api.SendEmailResponse {
    const content = request.Content;
    if (!content || (!content.Simple && !content.Raw && !content.Template)) throw badRequest('Content is required.');
    const letter = content.Raw ? fromRaw(request, content.Raw) : content.Template ? this.#fromTemplate(request, content.Template) : fromSimple(request, content.Simple!);
    if (!letter.from) throw badRequest('FromEmailAddress is required.');
    const recipients = [...letter.to, ...letter.cc, ...letter.bcc];
    if (recipients.length === 0) throw badRequest('Missing required field Destination.');
    if (recipients.length > 50) throw badRequest('Recipient count exceeds 50.');

    // SES checks the sender, and in the sandbox every recipient, and names all that failed in one message.
    // https://docs.aws.amazon.com/ses/latest/dg/troubleshoot-error-messages.html
    const failed: string[] = [];
    if (!this.isVerified(letter.from)) failed.push(letter.from);
    if (this.#sandbox) {
      for (const recipient of recipients) {
        if (!this.isVerified(recipient) && domainOf(recipient) !== MAILBOX_SIMULATOR && !failed.includes(recipient)) failed.push(recipient);
      }
    }
    if (failed.length > 0) {
      throw messageRejected(`Email address is not verified. The following identities failed the check in region ${this.#options.region.toUpperCase()}: ${failed.join(', ')}`);
    }

    const sent: SentEmail = { messageId: this.#messageId(), ...letter, timestamp: this.#options.now() };
    this.#sent.push(sent);
    return { MessageId: sent.messageId };
  }

  // ---- For lessons, checks and the workbench ----

  /** Whether SES would accept this address as verified: the address itself, or its domain, is an identity. */
  isVerified(address: string): boolean {
    const bare = addressOf(address);
    return this.#identities.has(identityKey(bare)) || this.#identities.has(identityKey(domainOf(bare)));
  }

  get sandbox(): boolean {
    return this.#sandbox;
  }

  /** Production access (`false`) or back into the sandbox (`true`); in AWS this is a support request. */
  setSandbox(sandbox: boolean): void {
    this.#sandbox = sandbox;
  }

  /** Every accepted message, oldest first. */
  outbox(): SentEmail[] {
    return this.#sent.map((m) => ({ ...m, to: [...m.to], cc: [...m.cc], bcc: [...m.bcc], replyTo: [...m.replyTo] }));
  }

  #identity(name: string | undefined, missing: (name: string) => string): Identity {
    const identity = name ? this.#identities.get(identityKey(name)) : undefined;
    if (!identity) throw notFound(missing(name ?? ''));
    return identity;
  }

  #fromTemplate(request: Api.SendEmailRequest, template: Api.Template): Letter {
    let content = template.TemplateContent;
    if (!content) {
      const name = template.TemplateName ?? template.TemplateArn?.split('/').pop();
      content = name ? this.#templates.get(name) : undefined;
      if (!content) throw notFound(`Template ${name ?? ''} does not exist.`);
    }
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(template.TemplateData ?? '{}') as Record<string, unknown>;
    } catch {
      throw badRequest('Template data is not valid JSON.');
    }
    const render = (text: string | undefined) => (text === undefined ? undefined : renderTemplate(text, data));
    return {
      ...envelope(request),
      subject: render(content.Subject),
      text: render(content.Text),
      html: render(content.Html),
      template: { ...(template.TemplateName ? { name: template.TemplateName } : {}), data: template.TemplateData ?? '{}' },
    };
  }

  /** SES message ids look like `0100018f3c2e1a2b-<uuid>-000000`. */
  #messageId(): string {
    return `${this.#options.now().toString(16).padStart(16, '0')}-${uuidV4(this.#options.random)}-000000`;
  }
}

type Letter = Omit<SentEmail, 'messageId' | 'timestamp'>;

function envelope(request: Api.SendEmailRequest): Pick<Letter, 'from' | 'to' | 'cc' | 'bcc' | 'replyTo'> {
  return {
    from: request.FromEmailAddress ?? '',
    to: [...(request.Destination?.ToAddresses ?? [])],
    cc: [...(request.Destination?.CcAddresses ?? [])],
    bcc: [...(request.Destination?.BccAddresses ?? [])],
    replyTo: [...(request.ReplyToAddresses ?? [])],
  };
}

function fromSimple(request: Api.SendEmailRequest, message: Api.Message): Letter {
  if (!message.Subject) throw badRequest('Subject is required.');
  if (!message.Body) throw badRequest('Body is required.');
  return { ...envelope(request), subject: message.Subject.Data, text: message.Body.Text?.Data, html: message.Body.Html?.Data };
}

/** A raw MIME message: the envelope comes from the request, or else from the message's own headers. */
function fromRaw(request: Api.SendEmailRequest, raw: Api.RawMessage): Letter {
  const data = raw.Data as unknown;
  const mime = typeof data === 'string' ? data : data instanceof Uint8Array ? new TextDecoder().decode(data) : '';
  const { headers, body } = splitMime(mime);
  const list = (name: string) => (headers.get(name) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const given = envelope(request);
  const to = given.to.length + given.cc.length + given.bcc.length > 0;
  const contentType = headers.get('content-type') ?? 'text/plain';
  const parts = contentType.startsWith('multipart/') ? multipartBodies(contentType, body) : { [contentType.split(';')[0]!.trim()]: body };
  return {
    from: given.from || (headers.get('from') ?? ''),
    to: to ? given.to : list('to'),
    cc: to ? given.cc : list('cc'),
    bcc: to ? given.bcc : list('bcc'),
    replyTo: given.replyTo.length > 0 ? given.replyTo : list('reply-to'),
    subject: headers.get('subject'),
    text: parts['text/plain'],
    html: parts['text/html'],
    raw: mime,
  };
}

function splitMime(mime: string): { headers: Map<string, string>; body: string } {
  const normalised = mime.replace(/\r\n/g, '\n');
  const end = normalised.indexOf('\n\n');
  const head = end === -1 ? normalised : normalised.slice(0, end);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: end === -1 ? '' : normalised.slice(end + 2) };
}

/** The text/plain and text/html parts of a multipart body, one level of nesting deep (no transfer decoding). */
function multipartBodies(contentType: string, body: string): Record<string, string> {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return {};
  const found: Record<string, string> = {};
  for (const chunk of body.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break;
    const part = splitMime(chunk.replace(/^\n/, ''));
    const type = (part.headers.get('content-type') ?? 'text/plain').split(';')[0]!.trim();
    if (type.startsWith('multipart/')) Object.assign(found, multipartBodies(part.headers.get('content-type')!, part.body), found);
    else found[type] ??= part.body.replace(/\n$/, '');
  }
  return found;
}

/** SES templates use Handlebars; this renders `{{name}}` and `{{a.b}}` replacements only. */
function renderTemplate(text: string, data: Record<string, unknown>): string {
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, path: string) => {
    let value: unknown = data;
    for (const key of path.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    return value === undefined || value === null ? '' : String(value);
  });
}

/** An address has no DKIM of its own (as SES reports it); a domain's Easy DKIM counts as set up, like its verification. */
function dkimAttributes(type: Identity['type'], tokens: string[]): Api.DkimAttributes {
  if (type === 'EMAIL_ADDRESS') return { SigningEnabled: false, Status: 'NOT_STARTED', SigningAttributesOrigin: 'AWS_SES', NextSigningKeyLength: 'RSA_1024_BIT' };
  return { SigningEnabled: true, Status: 'SUCCESS', Tokens: tokens, SigningAttributesOrigin: 'AWS_SES', NextSigningKeyLength: 'RSA_2048_BIT', CurrentSigningKeyLength: 'RSA_2048_BIT' };
}

/** `"Name" <a@b.c>` → `a@b.c`. */
function addressOf(address: string): string {
  const angle = /<([^>]*)>/.exec(address);
  return (angle ? angle[1]! : address).trim();
}

function domainOf(address: string): string {
  const bare = addressOf(address);
  return bare.slice(bare.lastIndexOf('@') + 1).toLowerCase();
}

function isAddress(address: string): boolean {
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(addressOf(address));
}

/** Domains compare case-insensitively; the local part of an address is case-sensitive, as SES treats it. */
function identityKey(name: string): string {
  const at = name.lastIndexOf('@');
  return at === -1 ? name.toLowerCase() : `${name.slice(0, at)}@${name.slice(at + 1).toLowerCase()}`;
}
