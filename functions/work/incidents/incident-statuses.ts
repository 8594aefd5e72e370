/** An incident's lifecycle: raised (open), being dealt with, closed (its own module, so code that needs only the statuses bundles no incident contract). */
export const incidentStatuses = ['open', 'in_progress', 'closed'] as const;
