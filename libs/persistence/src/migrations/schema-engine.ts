import fs from 'node:fs';
import path from 'node:path';
import type { SchemaEngine as SchemaEngineClass } from '@prisma/schema-engine-wasm';

export type SchemaEngine = SchemaEngineClass;
export type SchemaEngineStatic = typeof SchemaEngineClass;

type WasmExports = Record<string, unknown>;

/** The slice of the WebAssembly API used here (the project compiles without the DOM lib that declares it). */
interface WebAssemblyApi {
  Module: new (bytes: Buffer) => object;
  Instance: new (
    module: object,
    imports: Record<string, Record<string, unknown>>,
  ) => { exports: WasmExports };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

type BindgenModule = Record<string, unknown> & {
  SchemaEngine: SchemaEngineStatic;
  __wbg_set_wasm(exports: WasmExports): void;
};

let loaded: SchemaEngineStatic | undefined;

// Loads the engine's wasm-bindgen glue by hand: docs/adr/0006-wasm-schema-engine-migrator.md
/**
 * Prisma's own schema engine compiled to WebAssembly: the same code as `prisma migrate`, with no native binary
 * to download. Its package entry expects a bundler, so the .wasm is instantiated here by hand.
 */
export function loadSchemaEngine(): SchemaEngineStatic {
  if (loaded) return loaded;
  const glueFile = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  // The package is ESM; Node >= 20.19 loads it through require(esm), which keeps this module synchronous.
  // A path resolved from a fixed package name above, not from input.
  // eslint-disable-next-line @typescript-eslint/no-require-imports, security/detect-non-literal-require
  const bindgen = require(glueFile) as BindgenModule;
  const globals = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown };
  globals.PRISMA_WASM_PANIC_REGISTRY ??= {
    message: '',
    set_message(this: { message: string }, message: string) {
      this.message = `RuntimeError: ${message}`;
    },
  };
  const wasm = new wasmApi.Module(
    fs.readFileSync(path.join(path.dirname(glueFile), 'schema_engine_bg.wasm')),
  );
  const imports = withUnrefTimers(bindgen);
  const instance = new wasmApi.Instance(wasm, { './schema_engine_bg.js': imports });
  bindgen.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
  loaded = bindgen.SchemaEngine;
  return loaded;
}

/** The engine arms ~10 s timers; unref them so a finished migration never keeps the process alive. */
function withUnrefTimers(bindgen: BindgenModule): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...bindgen };
  for (const [name, value] of Object.entries(bindgen)) {
    if (name.startsWith('__wbg_setTimeout') && typeof value === 'function') {
      imports[name] = (...args: unknown[]) => {
        const timer = (value as (...a: unknown[]) => unknown)(...args);
        (timer as { unref?: () => void } | undefined)?.unref?.();
        return timer;
      };
    }
  }
  return imports;
}
