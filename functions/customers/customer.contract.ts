import * as z from 'zod/mini';
import { component, defineRoute, documented, idSchema, versionNumber } from '#shared/contract';

/** The most contacts a customer keeps. */
export const maxContacts = 20;

const name = z
  .string()
  .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(200, 'must be at most 200 characters'));
const reference = documented(
  z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(100, 'must be at most 100 characters')),
  { description: "The customer's own reference, e.g. an account number in another system" },
);
const contactText = (max: number) =>
  z
    .string()
    .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max, `must be at most ${max} characters`));

export const contactSchema = component(
  'CustomerContact',
  z.strictObject({
    name: contactText(200),
    email: z.optional(z.email().check(z.maxLength(254))),
    phone: z.optional(contactText(50)),
    role: documented(z.optional(contactText(100)), {
      description: 'What the contact is to the customer, e.g. "Site manager"',
    }),
  }),
);
const contacts = z.array(contactSchema).check(z.maxLength(maxContacts, `at most ${maxContacts} contacts`));
export const version = documented(versionNumber(), { description: 'The version you read; a stale one answers 409' });

/** A customer of the account, as stored (but its keys) and shown. */
export const customerSchema = component(
  'Customer',
  z.object({
    id: z.string(),
    name: z.string(),
    reference: z.optional(z.string()),
    contacts: z.array(
      z.object({
        name: z.string(),
        email: z.optional(z.string()),
        phone: z.optional(z.string()),
        role: z.optional(z.string()),
      }),
    ),
    /** Archived customers stay on the items and client accesses that name them, but cannot be named anew. */
    archived: z.boolean(),
    version: z.int(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  }),
);
export type Customer = z.infer<typeof customerSchema>;

export const createCustomerBody = component(
  'CreateCustomer',
  z.strictObject({ name, reference: z.optional(reference), contacts: z.optional(contacts) }),
);
export type CreateCustomerBody = z.infer<typeof createCustomerBody>;

export const updateCustomerBody = component(
  'UpdateCustomer',
  z
    .strictObject({
      version,
      name: z.optional(name),
      /** null removes it. */
      reference: z.optional(z.nullable(reference)),
      contacts: documented(z.optional(contacts), {
        description: 'The whole list of contacts, replacing the stored one',
      }),
    })
    .check(
      z.refine((body) => Object.keys(body).length > 1, {
        message: 'give at least one field to change besides version',
      }),
    ),
);
export type UpdateCustomerBody = z.infer<typeof updateCustomerBody>;

/** The paging and filters every customer and site list has. */
export const nameListQuery = (what: string) =>
  z.strictObject({
    limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
    cursor: z.optional(z.string().check(z.maxLength(2048))),
    q: documented(z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))), {
      description: `Only ${what} whose name starts with this, case-insensitive`,
    }),
    archived: documented(z.optional(z.enum(['true', 'false'])), {
      description: `true: only archived ${what}; false: only current ones; left out: both`,
    }),
  });

export const listCustomersQuery = nameListQuery('customers');
export type NameListQuery = z.infer<typeof listCustomersQuery>;

export const customerPageSchema = component(
  'CustomerPage',
  z.object({ items: z.array(customerSchema), cursor: z.optional(z.string()) }),
);

const tags = ['customers'];
const customerIdParams = z.strictObject({ customerId: idSchema });

export const listCustomers = defineRoute({
  method: 'GET',
  path: '/customers',
  auth: 'staff',
  operationId: 'listCustomers',
  summary: "The account's customers by name, one page at a time (every staff user, to pick them on items)",
  tags,
  query: listCustomersQuery,
  responses: { 200: { description: 'A page of customers', schema: customerPageSchema } },
});

export const createCustomer = defineRoute({
  method: 'POST',
  path: '/customers',
  auth: 'staff',
  operationId: 'createCustomer',
  summary: 'Create a customer (other settings: admin roles)',
  tags,
  body: createCustomerBody,
  responses: { 201: { description: 'The new customer', schema: customerSchema } },
});

export const getCustomer = defineRoute({
  method: 'GET',
  path: '/customers/{customerId}',
  auth: 'staff',
  operationId: 'getCustomer',
  summary: 'One customer of the account (every staff user)',
  tags,
  params: customerIdParams,
  responses: { 200: { description: 'The customer', schema: customerSchema } },
});

export const updateCustomer = defineRoute({
  method: 'PATCH',
  path: '/customers/{customerId}',
  auth: 'staff',
  operationId: 'updateCustomer',
  summary: "Change a customer's name, reference or contacts (admin roles); optimistic concurrency on `version`",
  tags,
  params: customerIdParams,
  body: updateCustomerBody,
  responses: { 200: { description: 'The updated customer', schema: customerSchema } },
});

export const archiveCustomer = defineRoute({
  method: 'POST',
  path: '/customers/{customerId}/archive',
  auth: 'staff',
  operationId: 'archiveCustomer',
  summary:
    'Archive a customer (admin roles): what names it keeps it, but no item, site or client access can name it anew',
  tags,
  params: customerIdParams,
  responses: { 200: { description: 'The archived customer', schema: customerSchema } },
});

export const restoreCustomer = defineRoute({
  method: 'POST',
  path: '/customers/{customerId}/restore',
  auth: 'staff',
  operationId: 'restoreCustomer',
  summary: 'Restore an archived customer (admin roles)',
  tags,
  params: customerIdParams,
  responses: { 200: { description: 'The restored customer', schema: customerSchema } },
});

export const deleteCustomer = defineRoute({
  method: 'DELETE',
  path: '/customers/{customerId}',
  auth: 'staff',
  operationId: 'deleteCustomer',
  summary:
    'Delete a customer (admin roles); refused with 409 IN_USE while items, sites or client accesses name it (archive it instead)',
  tags,
  params: customerIdParams,
  responses: { 204: { description: 'Deleted' } },
});
