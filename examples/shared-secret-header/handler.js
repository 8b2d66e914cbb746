'use strict';

exports.report = async (event) => ({
  statusCode: 201,
  body: JSON.stringify({ accepted: true, by: event.requestContext.authorizer.principalId }),
});
