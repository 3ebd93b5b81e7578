const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const PAD = 61; // '='

/**
 * Standard base64 with padding, as `Buffer.from(bytes).toString('base64')` writes it, for the short byte
 * values Autoscope exports (`autoscope.timing` digests: a few bytes per kept span). No Buffer per value:
 * making one cost more than encoding its handful of bytes.
 */
export function base64Of(bytes: Uint8Array): string {
  let out = '';
  const whole = bytes.length - (bytes.length % 3);
  for (let i = 0; i < whole; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += String.fromCharCode(
      CODES[n >>> 18]!,
      CODES[(n >>> 12) & 63]!,
      CODES[(n >>> 6) & 63]!,
      CODES[n & 63]!,
    );
  }
  const rest = bytes.length - whole;
  if (rest === 1) {
    const n = bytes[whole]! << 16;
    out += String.fromCharCode(CODES[n >>> 18]!, CODES[(n >>> 12) & 63]!, PAD, PAD);
  } else if (rest === 2) {
    const n = (bytes[whole]! << 16) | (bytes[whole + 1]! << 8);
    out += String.fromCharCode(CODES[n >>> 18]!, CODES[(n >>> 12) & 63]!, CODES[(n >>> 6) & 63]!, PAD);
  }
  return out;
}
