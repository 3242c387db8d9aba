import fs from 'node:fs';
import { OPENAPI_FILE, renderOpenApi } from './write-openapi';

/** The committed document is what clients and reviewers read: it must be exactly what the code generates. */
describe('apps/gateway/openapi.json', () => {
  it('matches the document generated from the decorators (run `npm run openapi` after changing the API)', async () => {
    const generated = await renderOpenApi();
    const committed = fs.readFileSync(OPENAPI_FILE, 'utf8');
    expect(committed).toBe(generated);
  });

  it('documents every error response as problem+json', async () => {
    const document = JSON.parse(await renderOpenApi()) as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>
      >;
    };
    const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods));
    expect(operations.length).toBeGreaterThanOrEqual(5);
    for (const operation of operations) {
      const errors = Object.entries(operation.responses).filter(([status]) => Number(status) >= 400);
      expect(errors.map(([status]) => status)).toEqual(expect.arrayContaining(['500', '503']));
      for (const [, response] of errors)
        expect(Object.keys(response.content ?? {})).toEqual(['application/problem+json']);
    }
  });
});
