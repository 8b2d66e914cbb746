'use strict';
// A TOKEN authorizer for machine-to-machine calls that carry a shared secret in a header.
const crypto = require('node:crypto');

// Hashing both sides gives equal lengths, so the comparison takes the same time whatever the
// caller sent.
const digest = (s) => crypto.createHash('sha256').update(s, 'utf8').digest();

exports.handler = async (event) => {
  const secret = process.env.SHARED_SECRET || '';
  const given = event.authorizationToken || '';
  if (!secret || !crypto.timingSafeEqual(digest(given), digest(secret))) {
    throw new Error('Unauthorized');
  }
  const [apiArn, stage] = event.methodArn.split('/');
  return {
    principalId: 'shared-secret-client',
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: `${apiArn}/${stage}/*` }],
    },
  };
};
