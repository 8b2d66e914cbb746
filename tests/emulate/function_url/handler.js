'use strict';
// Function URL handlers for tests/emulate_function_url.rs: what each path answers.
const fs = require('fs');

exports.buffered = async (event) => {
  switch (event.rawPath) {
    case '/infer':
      return { hello: 'world' };
    case '/text':
      return 'plain words';
    case '/cookies':
      return {
        statusCode: 201,
        headers: { 'content-type': 'text/plain', 'x-n': 7 },
        cookies: ['a=1; Path=/', 'b=2'],
        body: 'made',
      };
    case '/binary':
      return {
        statusCode: 200,
        headers: { 'content-type': 'image/png' },
        body: Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64'),
        isBase64Encoded: true,
      };
    case '/cors':
      return {
        statusCode: 200,
        headers: { 'access-control-allow-origin': 'https://function.example', 'x-own': '1' },
        body: 'cors',
      };
    case '/error':
      throw new Error('handler failed');
    case '/malformed':
      return { statusCode: 'abc' };
    case '/slow':
      // past the function's 1 s timeout
      await new Promise((r) => setTimeout(r, 30000));
      return 'late';
    case '/crash':
      process.exit(3);
      return null;
    default:
      return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) };
  }
};

// Streams as Lambda's Node.js runtime does; `/wait` writes a first chunk, then waits (as long
// as the function's timeout allows) for the marker file the test creates once that chunk
// reached it, then writes the rest.
exports.streamed = awslambda.streamifyResponse(async (event, responseStream) => {
  const q = event.queryStringParameters || {};
  switch (event.rawPath) {
    case '/wait': {
      const out = awslambda.HttpResponseStream.from(responseStream, {
        statusCode: 201,
        headers: { 'content-type': 'text/plain', 'x-stream': 'yes' },
        cookies: ['s=1'],
      });
      out.write('first\n');
      while (!fs.existsSync(q.marker)) {
        await new Promise((r) => setTimeout(r, 10));
      }
      out.write('second\n');
      out.end();
      return;
    }
    case '/plain':
      responseStream.setContentType('text/csv');
      responseStream.write('a,b\n');
      responseStream.write(Buffer.from('1,2\n'));
      responseStream.end();
      return;
    case '/event':
      responseStream.setContentType('application/json');
      responseStream.write(event);
      responseStream.end();
      return;
    case '/fail-first':
      throw new Error('failed before writing');
    case '/fail-mid':
      responseStream.write('partial');
      await new Promise((r) => setTimeout(r, 1));
      throw new Error('failed mid-stream');
    case '/bad-prelude':
      responseStream.setContentType('application/vnd.awslambda.http-integration-response');
      responseStream.write('not json');
      responseStream.write(new Uint8Array(8));
      responseStream.write('body');
      responseStream.end();
      return;
    default:
      responseStream.end();
  }
});
