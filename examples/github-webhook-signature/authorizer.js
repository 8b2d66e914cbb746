'use strict';
// A REQUEST authorizer in front of a GitHub webhook. API Gateway does not give authorizers the
// request body, so the HMAC itself is checked by the function (handler.js); the authorizer
// refuses deliveries whose headers cannot be right before any function code runs.

const EVENTS = new Set(['ping', 'push', 'pull_request']);

exports.handler = async (event) => {
  const headers = Object.fromEntries(
    Object.entries(event.headers || {}).map(([k, v]) => [k.toLowerCase(), v]),
  );
  const signature = headers['x-hub-signature-256'] || '';
  const kind = headers['x-github-event'] || '';
  const ok = /^sha256=[0-9a-f]{64}$/.test(signature) && EVENTS.has(kind);
  return {
    principalId: 'github',
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: ok ? 'Allow' : 'Deny', Resource: event.methodArn }],
    },
    context: { githubEvent: kind },
  };
};
