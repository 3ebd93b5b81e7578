const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))?$/;
const DECIMAL_NANOS = /^[0-9]{1,20}$/;
const NANOS_PER_MILLI = 1_000_000n;

/**
 * Parses a timestamp to exact Unix nanoseconds: RFC 3339 (`2023-01-29T08:43:04.5Z`, `...+08:00`, up to
 * nine fraction digits) or a decimal string of Unix nanoseconds. A time without a zone is read as UTC
 * (`2023-01-29 08:43:04`, the research fault lists' wall clock). Undefined for anything else, including
 * out-of-range fields such as month 13 or 31 February.
 */
export function parseTimeNanos(text: string): bigint | undefined {
  if (DECIMAL_NANOS.test(text)) return BigInt(text);
  const m = RFC3339.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const millis = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  const fraction = BigInt((m[7] ?? '').padEnd(9, '0'));
  const sign = m[9] === '-' ? -1 : 1;
  const offsetMinutes = m[9] === undefined ? 0 : sign * (Number(m[10]) * 60 + Number(m[11]));
  return BigInt(millis - offsetMinutes * 60_000) * NANOS_PER_MILLI + fraction;
}
