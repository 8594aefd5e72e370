/** A job's lifecycle (its own module, so code that needs only the statuses bundles no job contract). */
export const jobStatuses = ['open', 'in_progress', 'completed', 'cancelled'] as const;
export type JobStatus = (typeof jobStatuses)[number];
