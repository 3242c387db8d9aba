import fs from 'node:fs';
import path from 'node:path';
import { loadSchemaEngine } from './schema-engine';

interface WasmDescriptor {
  module: string;
  name: string;
  kind: string;
}

/** The slice of the WebAssembly API this test reads (the project compiles without the DOM lib). */
const wasmApi = (
  globalThis as unknown as {
    WebAssembly: {
      Module: { new (bytes: Buffer): object; imports(module: object): WasmDescriptor[] };
    };
  }
).WebAssembly;

type Glue = Record<string, unknown>;

/**
 * loadSchemaEngine() instantiates @prisma/schema-engine-wasm by hand instead of through its bundler-style entry
 * (docs/adr/0006-wasm-schema-engine-migrator.md). It relies on the wasm-bindgen glue file and what it exports.
 */
describe('@prisma/schema-engine-wasm glue the migrator loads by hand', () => {
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  // eslint-disable-next-line @typescript-eslint/no-require-imports, security/detect-non-literal-require
  const glue = require(gluePath) as Glue;

  it('ships schema_engine_bg.js with schema_engine_bg.wasm beside it', () => {
    expect(path.basename(gluePath)).toBe('schema_engine_bg.js');
    expect(fs.existsSync(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'))).toBe(true);
  });

  it('exports __wbg_set_wasm, the SchemaEngine class and setTimeout imports that return Node timers', () => {
    expect(glue.__wbg_set_wasm).toBeInstanceOf(Function);
    expect((glue.SchemaEngine as { new?: unknown } | undefined)?.new).toBeInstanceOf(Function);
    const setTimeouts = Object.keys(glue).filter((name) => name.startsWith('__wbg_setTimeout'));
    expect(setTimeouts.length).toBeGreaterThan(0);
    for (const name of setTimeouts) {
      const timer = (glue[name] as (callback: () => void, ms: number) => unknown)(() => undefined, 60_000);
      // withUnrefTimers() unrefs what these return, so a finished migration never keeps the process alive.
      expect(timer).toHaveProperty('unref', expect.any(Function));
      clearTimeout(timer as NodeJS.Timeout);
    }
  });

  it('provides every import the .wasm declares, all from ./schema_engine_bg.js', () => {
    const wasm = new wasmApi.Module(
      fs.readFileSync(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm')),
    );
    const imports = wasmApi.Module.imports(wasm);
    expect(new Set(imports.map((entry) => entry.module))).toEqual(new Set(['./schema_engine_bg.js']));
    const missing = imports.filter(
      (entry) => entry.kind === 'function' && typeof glue[entry.name] !== 'function',
    );
    expect(missing).toEqual([]);
  });

  it('reports engine panics through the global registry loadSchemaEngine installs', () => {
    expect(fs.readFileSync(gluePath, 'utf8')).toContain('PRISMA_WASM_PANIC_REGISTRY.set_message');
  });

  it('loads: loadSchemaEngine() instantiates the .wasm through the glue and returns its SchemaEngine class', () => {
    expect(loadSchemaEngine()).toBe(glue.SchemaEngine);
    // Answered by the instantiated module: __wbg_set_wasm took its exports.
    expect((glue.version as () => string)()).toMatch(/\S/);
    expect((globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY).toBeDefined();
  });
});
