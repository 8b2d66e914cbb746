// Scheduled handlers: each logs the event it got and answers with a summary.
exports.tick = async (event, context) => {
  console.log(`EVENT ${context.functionName} ${JSON.stringify(event)}`);
  return { handled: context.functionName };
};

exports.fails = async () => {
  throw new Error('scheduled failure');
};
