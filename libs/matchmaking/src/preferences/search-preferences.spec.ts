import { describe, expect, it } from '@jest/globals';
import { WireLimits } from '@rendezvous/contracts';
import { interestPattern } from '@rendezvous/contracts/dto';
import { VIDEO_MODE_TAG, modeOf, searchTags, sharedInterests } from './search-preferences.js';

describe('search preferences: the video mode as a queue tag', () => {
  it('adds the video tag to a video-mode search only, after the interests, even at the interest limit', () => {
    const full = Array.from({ length: WireLimits.interestsMax }, (_, i) => `tag${i}`);
    expect(searchTags(full, 'video')).toEqual([...full, VIDEO_MODE_TAG]);
    expect(searchTags(['music'], 'text')).toEqual(['music']);
    expect(searchTags([], undefined)).toEqual([]);
  });

  it('is a tag no guest can type', () => {
    expect(interestPattern.test(VIDEO_MODE_TAG)).toBe(false);
    expect(searchTags([VIDEO_MODE_TAG], 'text')).toEqual([]);
  });

  it('reads the mode back from the tags', () => {
    expect(modeOf(searchTags(['music'], 'video'))).toBe('video');
    expect(modeOf(['music'])).toBe('text');
  });

  it('shares the interests both typed, never the video tag', () => {
    expect(sharedInterests(searchTags(['music', 'chess', 'go'], 'video'), searchTags(['go', 'music'], 'video'))).toEqual(['music', 'go']);
    expect(sharedInterests(searchTags([], 'video'), searchTags([], 'video'))).toEqual([]);
  });
});
