import type { ChatMode } from '@rendezvous/contracts';

/**
 * The tag a video-mode search carries in the queue besides the guest's own interests: the queue already pairs
 * guests who share a tag first and falls back to anyone after INTEREST_FALLBACK_MS, so two video-mode guests are
 * matched with each other first without the queue knowing about modes. No guest can type it (an interest starts
 * with a letter or digit: interestPattern), it never counts against the guest's own interest limit (added after
 * validation), and it is never shown as an interest (sharedInterests leaves it out).
 */
export const VIDEO_MODE_TAG = '~video';

/** The queue tags of a search: the guest's interests, plus the mode's tag in video mode. */
export function searchTags(interests: readonly string[], mode: ChatMode | undefined): string[] {
  const own = ownInterests(interests);
  return mode === 'video' ? [...own, VIDEO_MODE_TAG] : own;
}

/** The guest's own interests among a search's tags. */
export function ownInterests(tags: readonly string[]): string[] {
  return tags.filter((tag) => !isReservedTag(tag));
}

/** The mode a queued search was made in. */
export function modeOf(tags: readonly string[]): ChatMode {
  return tags.includes(VIDEO_MODE_TAG) ? 'video' : 'text';
}

/** The interests two searches share, as the guests typed them (never a reserved tag), in the first one's order. */
export function sharedInterests(a: readonly string[], b: readonly string[]): string[] {
  return ownInterests(a).filter((tag) => b.includes(tag));
}

function isReservedTag(tag: string): boolean {
  return tag.startsWith('~');
}
