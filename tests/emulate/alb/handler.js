// Handlers behind the emulator's ALB listeners: the event comes back in the body.
exports.echo = async (event, context) => ({
  statusCode: 200,
  statusDescription: '200 Echoed',
  isBase64Encoded: false,
  headers: { 'Content-Type': 'application/json', 'X-Function': context.functionName },
  body: JSON.stringify({ function: context.functionName, event }),
});

exports.malformed = async () => ({ status: 'no statusCode here' });

exports.throws = async () => {
  throw new Error('boom');
};

// runs past the function's 1 s timeout
exports.hangs = () => new Promise((resolve) => setTimeout(resolve, 60_000));
