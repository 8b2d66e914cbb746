export async function main(event) {
  return { kind: 'esm-js', typeofRequire: typeof require };
}
