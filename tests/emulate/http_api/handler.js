'use strict';
let authorizerCalls = 0;

exports.rest = async () => ({ statusCode: 200, body: 'from the REST API' });

exports.echo = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*', 'x-total': '3' },
  cookies: ['a=1; Path=/', 'b=2'],
  body: JSON.stringify({ event }),
});

// no statusCode: API Gateway infers a 200 JSON response
exports.inferred = async (event) => {
  switch (event.pathParameters.kind) {
    case 'string': return 'plain words';
    case 'number': return 42;
    default: return { hello: 'world', path: event.rawPath };
  }
};

exports.image = async () => ({
  statusCode: 200,
  headers: { 'content-type': 'image/png' },
  body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]).toString('base64'),
  isBase64Encoded: true,
});

exports.legacy = async (event) => ({
  statusCode: 200,
  multiValueHeaders: { 'x-seen': ['one', 'two'] },
  body: JSON.stringify({ event }),
});

exports.throws = async () => { throw new Error('boom'); };
exports.crash = async () => { process.exit(3); };
exports.malformed = async () => ({ statusCode: 200, body: { not: 'a string' } });
exports.slow = async () => new Promise((r) => setTimeout(() => r({ statusCode: 200, body: 'late' }), 3000));

exports.me = async (event) => ({
  statusCode: 200,
  body: JSON.stringify({ authorizer: event.requestContext.authorizer }),
});

exports.keyed = async (event) => ({
  statusCode: 200,
  body: JSON.stringify({ authorizer: event.requestContext.authorizer }),
});

exports.keyCheck = async (event) => {
  authorizerCalls += 1;
  const key = event.headers['x-api-key'];
  if (key === 'throw') throw new Error('authorizer broke');
  return { isAuthorized: key === 'let-me-in', context: { key, routeArn: event.routeArn, calls: authorizerCalls } };
};
