'use strict';
let calls = 0;

exports.echo = async (event) => ({
  statusCode: 200,
  headers: { 'Content-Type': 'application/json' },
  multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
  body: JSON.stringify({ event, env: { GREETING: process.env.GREETING } }),
});

exports.image = async (event) => {
  if (event.httpMethod === 'POST') {
    const raw = Buffer.from(event.body || '', event.isBase64Encoded ? 'base64' : 'utf8');
    return { statusCode: 200, body: JSON.stringify({ isBase64Encoded: event.isBase64Encoded, bytes: [...raw] }) };
  }
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
  return { statusCode: 200, headers: { 'Content-Type': 'image/png' }, body: png.toString('base64'), isBase64Encoded: true };
};

exports.crash = async () => { process.exit(3); };
exports.throws = async () => { throw new Error('boom'); };
exports.malformed = async () => ({ status: 200, body: { not: 'a string' } });
exports.slow = async () => new Promise((r) => setTimeout(() => r({ statusCode: 200, body: 'late' }), 5000));
exports.sleepy = async () => new Promise((r) => setTimeout(() => r({ statusCode: 200, body: 'late' }), 3000));
exports.big = async () => ({ statusCode: 200, body: 'x'.repeat(7 * 1024 * 1024) });
exports.counter = async () => { calls += 1; return { statusCode: 200, body: String(calls) }; };
