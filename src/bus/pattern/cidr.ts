// IP addresses as event-ruler reads them (its CIDR class, which AWS runs): `cidr` blocks, and exact string values
// that are IP addresses. A bad block is reported without a location, as AWS does (event-ruler's check throws
// outside the parser). https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html#filtering-ip-matching
//
// An address is what java.net.InetAddress makes of text that looks like one (event-ruler's regular expressions
// decide what looks like one): four decimal octets (leading zeros allowed), or IPv6 groups of hex digits without
// an embedded IPv4 part; an IPv4-mapped IPv6 address (::ffff:a00:1) is that IPv4 address. Equal addresses match
// however they are written: `2001:DB8::1` is `2001:db8:0:0::0001`.

export interface IpRange {
  readonly version: 4 | 6;
  readonly lower: bigint;
  readonly upper: bigint;
}

export interface IpAddress {
  readonly version: 4 | 6;
  readonly value: bigint;
}

const LOOKS_IPV4 = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const LOOKS_IPV6 = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

/** Parses `10.0.0.0/24` or `2001:db8::/64`; throws an Error whose message is AWS's reason. */
export function parseCidr(text: string): IpRange {
  // Java's String.split drops trailing empty parts: "10.0.0.0/" has one part, "a/b/" has two.
  const parts = text.split('/');
  while (parts.length > 0 && parts.at(-1) === '') parts.pop();
  if (parts.length !== 2) throw new Error("Malformed CIDR, one '/' required");
  const [address = '', maskText = ''] = parts;
  const mask = javaParseInt(maskText);
  if (mask === null) throw new Error('Malformed CIDR, mask bits must be an integer');
  if (mask < 0) throw new Error('Malformed CIDR, mask bits must not be negative');
  const ip = ipOrReason(address);
  if (typeof ip === 'string') throw new Error(ip);
  // event-ruler refuses a full-length mask; a single address is written as a plain string value instead.
  if (ip.version === 4 && mask > 31) throw new Error('IPv4 mask bits must be < 32');
  if (ip.version === 6 && mask > 127) throw new Error('IPv6 mask bits must be < 128');
  const hostBits = BigInt((ip.version === 4 ? 32 : 128) - mask);
  const lower = (ip.value >> hostBits) << hostBits;
  return { version: ip.version, lower, upper: lower + (1n << hostBits) - 1n };
}

export function sameIp(a: IpAddress, b: IpAddress | null): boolean {
  return b !== null && a.version === b.version && a.value === b.value;
}

/** A key equal for equal addresses, for hash lookups. */
export function ipKey(ip: IpAddress): string {
  return `${ip.version}:${ip.value}`;
}

export function inIpRange(range: IpRange, ip: IpAddress): boolean {
  return ip.version === range.version && ip.value >= range.lower && ip.value <= range.upper;
}

/** The address `text` is, or null. Event values and exact pattern strings are read this way. */
export function parseIp(text: string): IpAddress | null {
  const ip = ipOrReason(text);
  return typeof ip === 'string' ? null : ip;
}

/** The address, or event-ruler's reason for refusing it as the address of a CIDR block. */
function ipOrReason(text: string): IpAddress | string {
  let bytes: number[] | null;
  if (LOOKS_IPV4.test(text)) bytes = ipv4Bytes(text);
  else if (LOOKS_IPV6.test(text)) bytes = ipv6Bytes(text);
  else return `Nonstandard IP address: ${text}`;
  // InetAddress refuses it (or, for IPv4-looking text, tries it as a host name and fails).
  if (bytes === null) return `Invalid IP address: ${text}`;
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return { version: bytes.length === 4 ? 4 : 6, value };
}

/** Java's IPAddressUtil.textToNumericFormatV4 for four dotted decimal parts. */
function ipv4Bytes(text: string): number[] | null {
  if (text.length > 15) return null;
  const bytes = text.split('.').map(Number);
  return bytes.every((b) => b <= 255) ? bytes : null;
}

/** Java's IPAddressUtil.textToNumericFormatV6 (hex groups and `::` only), IPv4-mapped addresses as IPv4. */
function ipv6Bytes(text: string): number[] | null {
  if (text.length < 2) return null;
  const bytes: number[] = [];
  let gap = -1;
  let i = 0;
  if (text[0] === ':') {
    if (text[1] !== ':') return null;
    i = 1;
  }
  let value = 0;
  let digits = false;
  while (i < text.length) {
    const c = text[i++]!;
    if (c !== ':') {
      value = (value << 4) | parseInt(c, 16);
      if (value > 0xffff) return null;
      digits = true;
      continue;
    }
    if (!digits) {
      if (gap !== -1) return null;
      gap = bytes.length;
      continue;
    }
    if (i === text.length || bytes.length + 2 > 16) return null;
    bytes.push(value >> 8, value & 0xff);
    digits = false;
    value = 0;
  }
  if (digits) {
    if (bytes.length + 2 > 16) return null;
    bytes.push(value >> 8, value & 0xff);
  }
  if (gap !== -1) {
    if (bytes.length === 16) return null;
    bytes.splice(gap, 0, ...new Array<number>(16 - bytes.length).fill(0));
  }
  if (bytes.length !== 16) return null;
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
}

/** Java's Integer.parseInt for ASCII digits: an optional sign, then digits, within 32 bits; else null. */
function javaParseInt(text: string): number | null {
  if (!/^[+-]?[0-9]+$/.test(text)) return null;
  const value = Number(text);
  return value >= -2147483648 && value <= 2147483647 ? value : null;
}
