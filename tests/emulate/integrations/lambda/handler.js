'use strict';
// Handlers for `integration: lambda` / mock end-to-end tests.
let hits = 0;

exports.echo = async (event) => event;

exports.fail = async (event) => {
  throw new Error(event.body && event.body.message);
};

exports.slow = () => new Promise((r) => setTimeout(() => r({ late: true }), 5000));

exports.item = async (event) => {
  if (event.query && event.query.conflict) throw new Error('version conflict');
  return { name: 'widget', id: 7 };
};

exports.record = async (event) => {
  if (event.method === 'POST') {
    await new Promise((r) => setTimeout(r, 1500));
    hits += 1;
    return { recorded: true };
  }
  return { hits };
};
