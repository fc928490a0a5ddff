// The SNS SMS sandbox of one account in one Region: whether the account is in it, and its destination phone
// numbers (Pending until verified with the one-time password SNS texts them, then Verified).
// https://docs.aws.amazon.com/sns/latest/dg/sns-sms-sandbox.html
// - A new account is in the sandbox; in it, SMS goes only to verified destination numbers.
// - Up to 10 destination numbers; a number can be deleted only 24 hours after it was verified, or after the
//   last verification attempt (both rules on the simulator's clock).
// SnsTopics applies the rule (an SMS to an unverified number, direct or through a topic, is not delivered) and
// puts the one-time password in its outbox, since no real SMS leaves the simulator.
//
// Left out: the limit of five OTPs per number every 24 hours, OTP expiry, the language of the OTP message
// (LanguageCode is checked, then ignored), and the Region scope (the simulator has one Region).

import { snsError } from './errors.ts';

export type SandboxStatus = 'Pending' | 'Verified';

interface SandboxNumber {
  phoneNumber: string;
  status: SandboxStatus;
  otp: string | undefined;
  /** When the number was verified, or last sent an OTP, or last failed a verification: the 24-hour rule's start. */
  since: number;
}

// Constraints from the API reference, checked as SNS checks member constraints.
// https://docs.aws.amazon.com/sns/latest/api/API_CreateSMSSandboxPhoneNumber.html
const PHONE_PATTERN = '^(\\+[0-9]{8,}|[0-9]{0,9})$';
const LANGUAGE_CODES = ['en-US', 'en-GB', 'es-419', 'es-ES', 'de-DE', 'fr-CA', 'fr-FR', 'it-IT', 'ja-JP', 'pt-BR', 'kr-KR', 'zh-CN', 'zh-TW'];
// https://docs.aws.amazon.com/sns/latest/api/API_VerifySMSSandboxPhoneNumber.html
const OTP_PATTERN = '^[0-9]+$';
const MAX_NUMBERS = 10;
const DAY = 24 * 60 * 60 * 1000;

const validation = (value: string, member: string, constraint: string) =>
  snsError('ValidationError', `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`);

export class SmsSandbox {
  readonly #now: () => number;
  readonly #numbers = new Map<string, SandboxNumber>();
  #inSandbox: boolean;

  constructor(now: () => number, inSandbox = true) {
    this.#now = now;
    this.#inSandbox = inSandbox;
  }

  get inSandbox(): boolean {
    return this.#inSandbox;
  }

  /** Out of the sandbox (`false`, production access: in AWS a support case) or back in (`true`). */
  setInSandbox(inSandbox: boolean): void {
    this.#inSandbox = inSandbox;
  }

  /** Whether SNS may send an SMS to this number now. */
  allows(phoneNumber: string): boolean {
    return !this.#inSandbox || this.#numbers.get(normalize(phoneNumber))?.status === 'Verified';
  }

  /** Adds the number (or sends a pending one a fresh OTP); returns the OTP to text it. */
  create(phoneNumber: string | undefined, languageCode: string | undefined, otp: string): string | undefined {
    const number = checkedPhone(phoneNumber);
    if (languageCode !== undefined && !LANGUAGE_CODES.includes(languageCode)) {
      throw validation(languageCode, 'languageCode', `Member must satisfy enum value set: [${LANGUAGE_CODES.join(', ')}]`);
    }
    const existing = this.#numbers.get(number);
    // Adding a number that is already verified sends nothing. Not confirmed against AWS.
    if (existing?.status === 'Verified') return undefined;
    if (!existing && this.#numbers.size >= MAX_NUMBERS) {
      // Wording not confirmed against AWS.
      throw snsError('UserError', `You can have up to ${MAX_NUMBERS} destination phone numbers in the SMS sandbox.`);
    }
    this.#numbers.set(number, {
      phoneNumber: number,
      status: 'Pending',
      otp,
      since: this.#now(),
    });
    return otp;
  }

  verify(phoneNumber: string | undefined, oneTimePassword: string | undefined): void {
    const number = checkedPhone(phoneNumber);
    const otp = oneTimePassword ?? '';
    if (otp.length < 5 || otp.length > 8) throw validation(otp, 'oneTimePassword', 'Member must have length between 5 and 8');
    if (!new RegExp(OTP_PATTERN).test(otp)) throw validation(otp, 'oneTimePassword', `Member must satisfy regular expression pattern: ${OTP_PATTERN}`);
    const entry = this.#numbers.get(number);
    // Wording not confirmed against AWS.
    if (!entry) throw snsError('ResourceNotFound', `${number} is not a destination phone number in the SMS sandbox.`, 404);
    if (entry.status === 'Verified') return;
    entry.since = this.#now();
    if (otp !== entry.otp) {
      // VerificationException: "the one-time password (OTP) used for verification is invalid"; it carries the
      // number's Status. The message wording is not confirmed against AWS.
      // https://docs.aws.amazon.com/sns/latest/api/API_VerifySMSSandboxPhoneNumber.html
      throw snsError('VerificationException', 'Invalid one-time password.', 400, { Status: entry.status });
    }
    entry.status = 'Verified';
    entry.otp = undefined;
  }

  delete(phoneNumber: string | undefined): void {
    const number = checkedPhone(phoneNumber);
    const entry = this.#numbers.get(number);
    // Wording not confirmed against AWS.
    if (!entry) throw snsError('ResourceNotFound', `${number} is not a destination phone number in the SMS sandbox.`, 404);
    // https://docs.aws.amazon.com/sns/latest/dg/sns-sms-sandbox-deleting-phone-numbers.html
    if (this.#now() - entry.since < DAY) {
      // Wording not confirmed against AWS.
      throw snsError(
        'UserError',
        'You can delete a destination phone number only 24 hours or more after it was verified or after the last verification attempt.',
      );
    }
    this.#numbers.delete(number);
  }

  list(
    nextToken: string | undefined,
    maxResults: number | undefined,
  ): {
    PhoneNumbers: { PhoneNumber: string; Status: SandboxStatus }[];
    NextToken?: string;
  } {
    const max = maxResults ?? 100;
    if (!Number.isInteger(max) || max < 1 || max > 100) throw validation(String(maxResults), 'maxResults', 'Member must have value between 1 and 100');
    const all = [...this.#numbers.values()];
    const start = nextToken ? Number(nextToken) : 0;
    // Wording not confirmed against AWS.
    if (!Number.isInteger(start) || start < 0 || start > all.length) throw snsError('InvalidParameter', 'Invalid parameter: NextToken');
    const end = Math.min(all.length, start + max);
    return {
      PhoneNumbers: all.slice(start, end).map((n) => ({ PhoneNumber: n.phoneNumber, Status: n.status })),
      ...(end < all.length ? { NextToken: String(end) } : {}),
    };
  }

  /** A number verified outside the API, as a lesson sets up its account (the recipient already typed the OTP). */
  addVerified(phoneNumber: string): void {
    const number = checkedPhone(phoneNumber);
    this.#numbers.set(number, {
      phoneNumber: number,
      status: 'Verified',
      otp: undefined,
      since: this.#now(),
    });
  }
}

/** The same number however it was written in an sms subscription's endpoint: `+1 (555) 555-0100` is `+15555550100`. */
export function normalize(phoneNumber: string): string {
  const digits = phoneNumber.replace(/[\s()+-]/g, '');
  return phoneNumber.trim().startsWith('+') || digits.length > 9 ? `+${digits}` : digits;
}

function checkedPhone(phoneNumber: string | undefined): string {
  const value = phoneNumber ?? '';
  if (value.length > 20) throw validation(value, 'phoneNumber', 'Member must have length less than or equal to 20');
  if (!new RegExp(PHONE_PATTERN).test(value)) throw validation(value, 'phoneNumber', `Member must satisfy regular expression pattern: ${PHONE_PATTERN}`);
  return value;
}
