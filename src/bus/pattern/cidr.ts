// `cidr` matching: an event string that is an IPv4 or IPv6 address inside a CIDR block. A bad block is
// reported without a location, as AWS does (the check runs after the pattern has been read).
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html#filtering-ip-matching

export interface IpRange {
  readonly version: 4 | 6;
  readonly lower: bigint;
  readonly upper: bigint;
}

export interface IpAddress {
  readonly version: 4 | 6;
  readonly value: bigint;
}

/** Parses `10.0.0.0/24` or `2001:db8::/64`; throws an Error whose message is AWS's reason. */
export function parseCidr(text: string): IpRange {
  const parts = text.split('/');
  if (parts.length !== 2) throw new Error("Malformed CIDR, one '/' required");
  const [address = '', maskText = ''] = parts;
  if (!/^\d+$/.test(maskText)) throw new Error('Malformed CIDR, mask bits must be an integer');
  const ip = parseIp(address);
  if (!ip) throw new Error(`Nonstandard IP address: ${address}`);
  const width = ip.version === 4 ? 32 : 128;
  const mask = Number(maskText);
  if (mask > width) throw new Error(`Malformed CIDR, mask bits must be between 0 and ${width}`);
  const hostBits = BigInt(width - mask);
  const lower = (ip.value >> hostBits) << hostBits;
  return { version: ip.version, lower, upper: lower + (1n << hostBits) - 1n };
}

export function inIpRange(range: IpRange, ip: IpAddress): boolean {
  return ip.version === range.version && ip.value >= range.lower && ip.value <= range.upper;
}

export function parseIp(text: string): IpAddress | null {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    return value === null ? null : { version: 6, value };
  }
  const value = parseIpv4(text);
  return value === null ? null : { version: 4, value: BigInt(value) };
}

function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

function parseIpv6(text: string): bigint | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string | undefined): string[] => (half ? half.split(':') : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  // An embedded IPv4 address (`::ffff:10.0.0.1`) fills the last two groups.
  const last = (halves.length === 2 ? tail : head).at(-1);
  const words: number[] = [];
  const pushGroups = (list: string[]): boolean => {
    for (const group of list) {
      if (group.includes('.') && group === last) {
        const v4 = parseIpv4(group);
        if (v4 === null) return false;
        words.push(Math.floor(v4 / 65536), v4 % 65536);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(group)) {
        words.push(parseInt(group, 16));
      } else {
        return false;
      }
    }
    return true;
  };
  if (!pushGroups(head)) return null;
  const headCount = words.length;
  if (!pushGroups(tail)) return null;
  if (halves.length === 2) {
    if (words.length > 7) return null;
    words.splice(headCount, 0, ...new Array<number>(8 - words.length).fill(0));
  }
  if (words.length !== 8) return null;
  let value = 0n;
  for (const word of words) value = (value << 16n) | BigInt(word);
  return value;
}
