import { createHmac } from 'node:crypto';

const DEV_SECRET = 'poverty-dev-person-key';

/**
 * A keyed hash of a citizen ID number, the same in every service (PERSON_KEY_SECRET), so read
 * models and ledgers can match people without storing their numbers. ID numbers have little
 * entropy, so an unkeyed hash could be reversed by trying them all; the key prevents that.
 */
export function personKey(idNumber: string): string {
  const secret = process.env['PERSON_KEY_SECRET'] || DEV_SECRET;
  return `pk1:${createHmac('sha256', secret).update(idNumber.trim().toUpperCase()).digest('hex')}`;
}
