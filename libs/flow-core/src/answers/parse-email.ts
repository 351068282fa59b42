import type { ParseResult } from './answer.types';
import { accept, reject } from './parse-result';

const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
const TOP_LEVEL = /^(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/u;

/** Strips what mail clients and people wrap addresses in: `mailto:`, `<...>`, quotes, a final full stop. */
function unwrap(candidate: string): string {
  let address = candidate.trim();
  for (let previous = ''; previous !== address;) {
    previous = address;
    address = address
      .replace(/^mailto:/i, '')
      .replace(/^[<("'\u201c\u2018[]+/u, '')
      .replace(/[>)"'\u201d\u2019\].,;:!?]+$/u, '')
      .trim();
  }
  return address;
}

/** The one word with an `@` when the reply is a sentence such as "it's ana@example.com". */
function pickCandidate(text: string): string | undefined {
  const words = text.trim().split(/\s+/u);
  if (words.length === 1) return words[0];
  const withAt = words.filter((word) => word.includes('@'));
  return withAt.length === 1 ? withAt[0] : undefined;
}

export function isValidEmail(address: string): boolean {
  if (address.length > 254) return false;
  const at = address.lastIndexOf('@');
  if (at < 1) return false;
  const local = address.slice(0, at);
  const labels = address.slice(at + 1).split('.');
  if (local.length > 64 || !LOCAL_PART.test(local)) return false;
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return false;
  return TOP_LEVEL.test(labels[labels.length - 1]);
}

/** Email answers are saved lower-cased, so the same person is the same address however they typed it. */
export function parseEmail(text: string): ParseResult {
  const candidate = pickCandidate(text);
  if (candidate === undefined) return reject('invalid_email');
  const address = unwrap(candidate).normalize('NFC').toLowerCase();
  return isValidEmail(address) ? accept(address) : reject('invalid_email');
}
