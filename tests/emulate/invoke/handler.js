'use strict';

// Answers with what it was given: the event, its client context and the variables that say
// where it runs.
exports.echo = async (event, context) => {
  console.log('echo called');
  console.warn('a warning');
  return {
    event,
    clientContext: context.clientContext,
    functionName: context.functionName,
    env: {
      IS_LOCAL: process.env.IS_LOCAL,
      IS_OFFLINE: process.env.IS_OFFLINE,
      CONFIGURED: process.env.CONFIGURED,
      EXTRA: process.env.EXTRA,
    },
  };
};

class PaymentDeclined extends Error {
  constructor(message) {
    super(message);
    this.name = 'PaymentDeclined';
  }
}

exports.fails = async () => {
  throw new PaymentDeclined('card 4242 declined');
};

// The HTTP API's $default route: every path the Lambda and admin APIs do not own.
exports.web = async (event) => ({ statusCode: 200, body: `web ${event.rawPath}` });
