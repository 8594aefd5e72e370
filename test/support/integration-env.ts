import { inject } from 'vitest';

// Handler and repository modules read their configuration at load: give them the local stack's.
Object.assign(process.env, inject('localEnv'));
