'use strict';
// A TOKEN authorizer that verifies an HS256 JSON Web Token with Node's own crypto module.
const crypto = require('node:crypto');

function verify(token, secret) {
  const parts = token.split('.');
  if (parts.length !== 3 || !secret) return null;
  const [head, payload, signature] = parts;
  let header;
  let claims;
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (header.alg !== 'HS256') return null;
  const expected = crypto.createHmac('sha256', secret).update(`${head}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.exp !== 'number' || claims.exp <= now) return null;
  if (typeof claims.nbf === 'number' && claims.nbf > now) return null;
  return claims;
}

exports.handler = async (event) => {
  const token = (event.authorizationToken || '').replace(/^Bearer /, '');
  const claims = verify(token, process.env.JWT_SECRET);
  // API Gateway turns this exact message into 401 {"message":"Unauthorized"}.
  if (!claims) throw new Error('Unauthorized');
  // The answer is cached per token for resultTtlInSeconds and checked against every method
  // the token is then used on: allow the whole stage, not just this method.
  const [apiArn, stage] = event.methodArn.split('/');
  return {
    principalId: String(claims.sub),
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: `${apiArn}/${stage}/*` }],
    },
    // Context values must be strings, numbers or booleans; the function behind the API sees
    // them as strings.
    context: { scope: claims.scope || '', admin: claims.admin === true },
  };
};
