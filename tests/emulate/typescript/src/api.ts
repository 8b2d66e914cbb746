import { greet } from './greeting';

interface Event {
  rawPath?: string;
  name?: string;
}

export const handler = async (event: Event) => {
  const g = greet(event.name ?? 'world');
  return { statusCode: 200, body: JSON.stringify(g) };
};

export const fails = async (): Promise<never> => {
  const reason: string = 'typed failure';
  throw new Error(reason); // line 15: the stack must point here
};
