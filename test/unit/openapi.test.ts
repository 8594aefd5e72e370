import { readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes';
import openApiDocument from '../../functions/system/openapi-document.json';
import { buildOpenApiDocument } from '../../scripts/openapi';

const document = buildOpenApiDocument(routes.map((r) => r.contract));

describe('the OpenAPI description', () => {
  it('is checked in up to date at docs/openapi.json (run `npm run openapi` after changing a route)', () => {
    const checkedIn = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));
    expect(checkedIn).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('is served Brotli-compressed from functions/system/openapi-document.json, the same document as docs/openapi.json', () => {
    const served = JSON.parse(
      brotliDecompressSync(Buffer.from(openApiDocument.brotliBase64, 'base64')).toString('utf8'),
    );
    expect(served).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('describes every route, and marks each staff route as needing a bearer token', () => {
    for (const { contract } of routes) {
      const operation = (document.paths as Record<string, Record<string, { security?: unknown[] }>>)[contract.path]?.[
        contract.method.toLowerCase()
      ];
      expect(operation, `${contract.method} ${contract.path}`).toBeDefined();
      expect(operation?.security).toEqual(
        contract.auth === 'staff' ? [{ staffJwt: [] }] : contract.auth === 'portal' ? [{ portalJwt: [] }] : [],
      );
    }
  });

  it("keeps one field's description off every other id", () => {
    const jobParam = (
      document.paths as Record<
        string,
        Record<string, { parameters?: { name: string; schema: { description?: string } }[] }>
      >
    )['/jobs/{jobId}']?.get?.parameters?.find((p) => p.name === 'jobId');
    expect(jobParam).toBeDefined();
    expect(jobParam?.schema.description).toBeUndefined();
    expect(JSON.stringify(document).split('The one owner: an active staff user').length - 1).toBeLessThan(10);
  });

  it('gives every route the one error shape', () => {
    const responses = (document.components as { responses: Record<string, unknown> }).responses;
    for (const { contract } of routes) {
      const operation = (
        document.paths as Record<string, Record<string, { responses: Record<string, { $ref?: string }> }>>
      )[contract.path]?.[contract.method.toLowerCase()];
      const ref = operation?.responses['500']?.$ref ?? '';
      expect(ref, `${contract.method} ${contract.path}`).toMatch(/^#\/components\/responses\//);
      expect(JSON.stringify(responses[ref.split('/').pop() ?? ''])).toContain('#/components/schemas/Error');
    }
  });
});
