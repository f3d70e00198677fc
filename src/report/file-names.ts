const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * A file name for a customer's statement that is safe on any file system and unique per customer id.
 * Plain ids (letters, digits, `-`, `_`, `.`) are used as they are; anything else is replaced by `_` and a
 * short hash of the original id is appended, so `A/B` and `A_B` never share a file.
 */
export function statementBaseName(customerId: string): string {
  const plain = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(customerId) && !customerId.endsWith('.') && !WINDOWS_RESERVED.test(customerId.split('.')[0] ?? '');
  if (plain) return customerId;
  const slug = customerId.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40) || 'customer';
  return `${slug}-${fnv1a(customerId)}`;
}

/** FNV-1a, 32 bits, as 8 hex digits: short, stable across platforms and versions. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
