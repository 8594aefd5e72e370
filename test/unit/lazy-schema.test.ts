import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { component } from '#shared/contract';
import { lazySchema } from '#shared/lazy-schema';

describe('lazySchema', () => {
  it('builds the schema on its first use only, and once', () => {
    let builds = 0;
    const schema = lazySchema(() => {
      builds++;
      return z.object({ name: z.string() });
    });
    expect(builds).toBe(0);
    expect(z.safeParse(schema, { name: 'Ada' }).success).toBe(true);
    expect(z.safeParse(schema, { name: 1 }).success).toBe(false);
    expect(builds).toBe(1);
  });

  it('is not built when nested in, or extended by, another schema that is never used', () => {
    let builds = 0;
    const inner = lazySchema(() => {
      builds++;
      return z.object({ id: z.string() });
    });
    const outer = lazySchema(() => z.object({ inner, list: z.array(inner) }));
    lazySchema(() => z.extend(inner, { more: z.int() }));
    expect(builds).toBe(0);
    expect(z.safeParse(outer, { inner: { id: 'a' }, list: [{ id: 'b' }] }).success).toBe(true);
    expect(builds).toBe(1);
  });

  it('names the failing field as the schema it stands for does', () => {
    const schema = lazySchema(() => z.object({ address: lazySchema(() => z.object({ city: z.string() })) }));
    const result = z.safeParse(schema, { address: { city: 3 } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['address', 'city']);
  });

  it('keeps the name it is given as one OpenAPI component wherever it is used', () => {
    const place = component(
      'LazyPlace',
      lazySchema(() => z.object({ city: z.string() })),
    );
    const json = z.toJSONSchema(z.object({ from: place, to: place }), { target: 'openapi-3.0' }) as {
      properties: Record<string, unknown>;
      definitions?: Record<string, unknown>;
    };
    expect(json.properties.from).toEqual({ $ref: '#/definitions/LazyPlace' });
    expect(json.properties.to).toEqual({ $ref: '#/definitions/LazyPlace' });
    expect(Object.keys(json.definitions ?? {})).toEqual(['LazyPlace']);
  });

  it('answers instanceof and z.infer as the schema itself', () => {
    const schema = lazySchema(() => z.enum(['a', 'b']));
    expect(schema instanceof z.ZodMiniEnum).toBe(true);
    const value: z.infer<typeof schema> = 'a';
    expect(z.parse(schema, value)).toBe('a');
  });
});
