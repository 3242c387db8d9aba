// Baseline (b), back half: a bare Node TCP server answering `<id>\n` with `<id> <json>\n` from memory.
'use strict';

const net = require('node:net');

const body = process.env.BENCH_BODY ?? '{}';
const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  // The front half going away (end of a run, Ctrl-C) is not an error worth a crash.
  socket.on('error', () => socket.destroy());
  let buffered = '';
  socket.on('data', (chunk) => {
    buffered += chunk.toString('utf8');
    let newline;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const id = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      socket.write(`${id} ${body}\n`);
    }
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
