'use strict';

exports.hello = async (event) => ({
  statusCode: 200,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ hello: event.requestContext.authorizer.principalId, authorizer: event.requestContext.authorizer }),
});
