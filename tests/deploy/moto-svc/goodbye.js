exports.handler = async (event) => ({ statusCode: 200, body: `goodbye ${event.pathParameters.name}` });
