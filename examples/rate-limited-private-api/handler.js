'use strict';

exports.quote = async (event) => ({
  statusCode: 200,
  body: JSON.stringify({ quote: 'Simplicity is prerequisite for reliability.', keyId: event.requestContext.identity.apiKeyId }),
});
