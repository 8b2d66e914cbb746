'use strict';

exports.hello = async (event) => ({
  statusCode: 200,
  body: JSON.stringify({ from: event.requestContext.identity.sourceIp, path: event.path }),
});
