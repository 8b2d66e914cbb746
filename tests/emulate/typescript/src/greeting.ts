// A module the handler imports: esbuild bundles it in.
export interface Greeting {
  message: string;
  version: number;
}

export function greet(name: string): Greeting {
  return { message: `hello ${name}`, version: 1 };
}
