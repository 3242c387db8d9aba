import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import { fakeFetch, resetFakeFetch } from './fake-fetch';

// Before any test file imports the API client (which keeps the fetch it finds at load).
globalThis.fetch = fakeFetch;

beforeEach(() => resetFakeFetch());
afterEach(() => cleanup());
