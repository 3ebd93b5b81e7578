import type { FrontEnd } from '../model.js';

/** Placeholder replaced below. */
export async function treeSitterFrontEnd(): Promise<FrontEnd> {
  return { languages: ['python', 'java', 'go'], analyze: async () => ({ functions: [], problems: [] }) };
}
