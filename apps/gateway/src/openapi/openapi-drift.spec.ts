import fs from 'node:fs';
import { OPENAPI_FILE, renderOpenApi } from './write-openapi';

/** The committed document is what clients and reviewers read: it must be exactly what the code generates. */
describe('apps/gateway/openapi.json', () => {
  it('matches the document generated from the decorators (run `npm run openapi` after changing the API)', async () => {
    const generated = await renderOpenApi();
    const committed = fs.readFileSync(OPENAPI_FILE, 'utf8');
    expect(committed).toBe(generated);
  });

  describe('the generated document', () => {
    interface Operation {
      description?: string;
      parameters?: Array<{ name: string; in: string }>;
      responses: Record<string, { $ref?: string; content?: Record<string, unknown> }>;
    }
    interface Document {
      servers?: Array<{ url: string }>;
      paths: Record<string, Record<string, Operation>>;
      components: { responses: Record<string, { content?: Record<string, unknown> }> };
    }
    let document: Document;
    let operations: Array<{ method: string; path: string; operation: Operation }>;
    beforeAll(async () => {
      document = JSON.parse(await renderOpenApi()) as Document;
      operations = Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({ method, path, operation })),
      );
    });
    const resolved = (response: { $ref?: string; content?: Record<string, unknown> }) =>
      response.$ref ? document.components.responses[response.$ref.split('/').pop() ?? ''] : response;

    it('names its servers and describes every operation', () => {
      expect(document.servers?.map((server) => server.url)).toContain('/');
      expect(operations.length).toBeGreaterThanOrEqual(20);
      const undescribed = operations.filter(({ operation }) => !operation.description?.trim());
      expect(undescribed.map(({ method, path }) => `${method} ${path}`)).toEqual([]);
    });

    it('names each parameter once (header names are case-insensitive): a client sends each once', () => {
      for (const { method, path, operation } of operations) {
        const names = (operation.parameters ?? []).map((p) =>
          p.in === 'header' ? `header ${p.name.toLowerCase()}` : `${p.in} ${p.name}`,
        );
        expect([`${method} ${path}`, names]).toEqual([`${method} ${path}`, [...new Set(names)]]);
      }
    });

    it('documents every error response as problem+json', () => {
      for (const { operation } of operations) {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (Number(status) >= 400)
            expect(Object.keys(resolved(response).content ?? {})).toEqual(['application/problem+json']);
        }
      }
    });

    it('documents on every operation what the platform answers whatever the route', () => {
      for (const { method, path, operation } of operations) {
        const statuses = Object.keys(operation.responses);
        const expected = ['400', '401', '408', '429', '431', '500', '503'];
        if (method === 'get') expected.push('304');
        if (['post', 'put', 'patch', 'delete'].includes(method)) expected.push('413', '415');
        if (path.includes('{')) expected.push('414');
        expect([`${method} ${path}`, statuses]).toEqual([
          `${method} ${path}`,
          expect.arrayContaining(expected),
        ]);
      }
    });
  });
});
