// Echoes the message back (the route response).
exports.echo = async (event) => ({ statusCode: 200, body: event.body });

exports.connect = async () => ({ statusCode: 200 });
