/** Deployment environments (isomorphic). ENVIRONMENT picks the one an instance serves. */
export const ENVIRONMENTS = ["development", "staging", "production"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];
