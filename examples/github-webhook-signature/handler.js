'use strict';
const crypto = require('node:crypto');

// GitHub signs the raw body: X-Hub-Signature-256: sha256=<hex HMAC-SHA256 with the secret>.
function validSignature(body, header, secret) {
  const expected = Buffer.from(
    'sha256=' + crypto.createHmac('sha256', secret).update(body).digest('hex'),
    'utf8',
  );
  const given = Buffer.from(header || '', 'utf8');
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

exports.webhook = async (event) => {
  const body = Buffer.from(event.body || '', event.isBase64Encoded ? 'base64' : 'utf8');
  const header = Object.entries(event.headers || {})
    .find(([k]) => k.toLowerCase() === 'x-hub-signature-256')?.[1];
  if (!validSignature(body, header, process.env.WEBHOOK_SECRET || '')) {
    return { statusCode: 401, body: JSON.stringify({ message: 'bad signature' }) };
  }
  const payload = JSON.parse(body.toString('utf8') || '{}');
  return {
    statusCode: 202,
    body: JSON.stringify({ event: event.requestContext.authorizer.githubEvent, zen: payload.zen || null }),
  };
};
