// The WebSocket chat's Node.js handlers (tests/emulate_websocket.rs).
const fs = require('fs');

// Allow `good-<name>`, deny `bad`, refuse `unauth` as Unauthorized, fail on `boom`.
exports.auth = async (event) => {
  const token = event.headers.Auth || event.headers.auth;
  if (token === 'unauth') throw new Error('Unauthorized');
  if (token === 'boom') throw new Error('authorizer broke');
  const effect = token && token.startsWith('good-') ? 'Allow' : 'Deny';
  return {
    principalId: 'user',
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: event.methodArn }],
    },
    context: { user: token ? token.slice(5) : '' },
  };
};

exports.connect = async (event) => {
  const q = event.queryStringParameters || {};
  if (q.refuse) return { statusCode: Number(q.refuse), body: 'refused by $connect' };
  fs.appendFileSync(process.env.CHAT_DB, event.requestContext.connectionId + '\n');
  console.log(`CONNECT ${event.requestContext.connectionId} user=${event.requestContext.authorizer.user}`);
  return { statusCode: 200 };
};

exports.disconnect = async (event) => {
  const rc = event.requestContext;
  console.log(`DISCONNECT ${rc.connectionId} ${rc.disconnectStatusCode} ${rc.eventType}`);
  return { statusCode: 200 };
};

// Answers with the event it got (the route response goes back to the client).
exports.echo = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });

exports.fails = async () => {
  throw new Error('this route fails');
};

exports.fallback = async (event) => {
  console.log(`DEFAULT ${JSON.stringify(event.body)} base64=${event.isBase64Encoded}`);
  return { statusCode: 200 };
};
