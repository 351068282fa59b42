import { randomUUID } from 'node:crypto';
import { contactJobSchema, MAX_CONTACTS_PER_WAKE } from './job-schemas';

const ref = () => ({ tenantId: randomUUID(), contactId: randomUUID() });

describe('contactJobSchema', () => {
  it("takes one contact's wake and a list wake of an ingest batch", () => {
    const one = ref();
    expect(contactJobSchema.parse(one)).toEqual(one);
    const list = { contacts: [ref(), ref()] };
    expect(contactJobSchema.parse(list)).toEqual(list);
  });

  it('refuses an empty list, a list over MAX_CONTACTS_PER_WAKE, and a listed contact that is not UUIDs', () => {
    expect(contactJobSchema.safeParse({ contacts: [] }).success).toBe(false);
    const long = { contacts: Array.from({ length: MAX_CONTACTS_PER_WAKE + 1 }, ref) };
    expect(contactJobSchema.safeParse(long).success).toBe(false);
    expect(contactJobSchema.safeParse({ contacts: [ref(), { tenantId: 't', contactId: 'c' }] }).success).toBe(
      false,
    );
    expect(contactJobSchema.safeParse({ contacts: [{ tenantId: randomUUID() }] }).success).toBe(false);
  });

  it('names the wrong fields of either shape (what a malformed job report says)', () => {
    const problems = (data: unknown) =>
      contactJobSchema.safeParse(data).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.code}`);
    expect(problems({ tenantId: 'not-a-uuid' })).toEqual([
      'tenantId: invalid_format',
      'contactId: invalid_type',
    ]);
    expect(problems({ contacts: [ref(), { tenantId: randomUUID(), contactId: 5 }] })).toEqual([
      'contacts.1.contactId: invalid_type',
    ]);
    expect(problems(null)).toEqual([': invalid_type']);
  });
});
