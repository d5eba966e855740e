/**
 * How much one queue step may look at, whatever the queue holds: a join reads a window of the oldest
 * waiting guests per interest tag it has (and of the ready queue), and a sweep a few windows, so the
 * Redis work of a step grows with the guest's own interests, never with the queue. Both queue
 * implementations use these, so they choose the same partners.
 */
export const ProbeLimits = {
  /** The oldest waiting guests read per interest tag, and from the ready queue, by one match attempt. */
  window: 16,
  /** Candidates one join checks at most (each check reads their records once), over its tags and the ready queue. */
  checksPerJoin: 32,
  /** Candidates one sweep checks at most, over all it does. */
  checksPerSweep: 256,
  /** Guests with interests a sweep makes ready at most (those past their fallback, oldest first). */
  promotions: 32,
  /** Ready guests a sweep tries to pair again, a window that moves on each sweep (an avoidance may have run out). */
  reprobes: 8,
  /** Records a sweep looks at for expiry (HSCAN COUNT). */
  prune: 256,
  /** Joins one Redis script call takes at most: a larger batch runs as several calls, in order. */
  joinsPerScript: 32,
} as const;
