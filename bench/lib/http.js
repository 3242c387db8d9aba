'use strict';

const http = require('node:http');

/** One request as autocannon sends it (no Accept-Encoding): status, headers and the exact body bytes. */
function request(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(url, { method, headers, agent: false }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    });
    outgoing.setTimeout(10_000, () => outgoing.destroy(new Error(`${method} ${url}: no answer within 10 s`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** The request, which must answer `expected` (200 by default); else an error with the answer. */
async function expectStatus(url, options = {}, expected = 200) {
  const response = await request(url, options);
  if (response.status !== expected) {
    throw new Error(
      `${options.method ?? 'GET'} ${url} answered ${response.status}, not ${expected}: ${response.body.toString('utf8').slice(0, 500)}`,
    );
  }
  return response;
}

const getOk = (url, headers = {}) => expectStatus(url, { headers });

/** POSTs JSON and returns the parsed answer, which must have the expected status. */
async function postJson(url, payload, expected) {
  const response = await expectStatus(
    url,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) },
    expected,
  );
  return JSON.parse(response.body.toString('utf8'));
}

module.exports = { request, expectStatus, getOk, postJson };
