// Stand-in for the `server-only` guard in tests (vitest.config.ts aliases it here).
export {};
