export const handler = async (event) => ({ kind: 'esm', event });
