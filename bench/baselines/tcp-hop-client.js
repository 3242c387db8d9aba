// The client half of the minimal hop, shared by baselines (b) and (c): one persistent connection to the TCP
// backend, requests multiplexed by id (`<id>\n` or `<id> <argument>\n` out, `<id> <json>\n` back).
'use strict';

const net = require('node:net');
const { StringDecoder } = require('node:string_decoder');

/**
 * Connects to the backend; `fetchJson(callback, argument?)` asks it for the JSON once (for `argument`, a word
 * without spaces, when given) and calls back with the string.
 */
function connectBackend(port, onConnected) {
  const pending = new Map();
  let nextId = 0;
  let buffered = '';
  // A multi-byte UTF-8 character may be split across chunks.
  const decoder = new StringDecoder('utf8');
  const backend = net.connect({ port, host: '127.0.0.1' });
  backend.setNoDelay(true);
  backend.on('data', (chunk) => {
    buffered += decoder.write(chunk);
    let newline;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      const space = line.indexOf(' ');
      const id = Number(line.slice(0, space));
      pending.get(id)?.(line.slice(space + 1));
      pending.delete(id);
    }
  });
  backend.once('connect', onConnected);
  return function fetchJson(callback, argument) {
    const id = nextId++;
    pending.set(id, callback);
    backend.write(argument === undefined ? `${id}\n` : `${id} ${argument}\n`);
  };
}

module.exports = { connectBackend };
