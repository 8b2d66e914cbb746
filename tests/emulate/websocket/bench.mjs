// The load of scripts/bench-websocket.sh: CONNS connections, each sending a message and waiting
// for its echo before the next, for SECS seconds after a one-second warm-up. Prints
// "messages/s p50_ms p99_ms". Usage: node bench.mjs URL CONNS SECS
import WebSocket from 'ws';

const [url, conns, secs] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const latencies = [];
let measuring = false;
let stop = false;

async function client() {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => { ws.on('open', resolve); ws.on('error', reject); });
  let sent = 0n;
  const round = () => new Promise((resolve) => {
    sent = process.hrtime.bigint();
    ws.once('message', () => resolve(Number(process.hrtime.bigint() - sent) / 1e6));
    ws.send(JSON.stringify({ action: 'echo', payload: 'x'.repeat(64) }));
  });
  while (!stop) {
    const ms = await round();
    if (measuring) latencies.push(ms);
  }
  ws.close();
}

const running = Array.from({ length: conns }, client);
await new Promise((r) => setTimeout(r, 1000));
measuring = true;
const start = process.hrtime.bigint();
await new Promise((r) => setTimeout(r, secs * 1000));
measuring = false;
const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
stop = true;
await Promise.all(running);
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
console.log(`${Math.round(latencies.length / elapsed)} ${at(0.5).toFixed(2)} ${at(0.99).toFixed(2)}`);
process.exit(0);
