/**
 * Interests for the matchmaking load, reproducible from a seed: a share of the guests get `min`–`max`
 * distinct tags out of `tags`, tag k (1-based) drawn with probability ∝ 1 / k^s (Zipf); the rest none.
 */
export function zipfInterests({ share = 0.6, tags = 30, min = 1, max = 3, s = 1, seed = 13 } = {}) {
  let state = seed >>> 0 || 1;
  const random = () => {
    // xorshift32: a fixed sequence per seed, so every run offers the same interests
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
  const weights = Array.from({ length: tags }, (_, k) => 1 / (k + 1) ** s);
  const total = weights.reduce((sum, w) => sum + w, 0);
  const cumulative = [];
  weights.reduce((sum, w, k) => (cumulative[k] = sum + w / total), 0);
  const pick = () => {
    const r = random();
    const k = cumulative.findIndex((c) => r < c);
    return `tag-${(k === -1 ? tags - 1 : k) + 1}`;
  };
  return () => {
    if (random() >= share) return [];
    const count = min + Math.floor(random() * (max - min + 1));
    const chosen = new Set();
    while (chosen.size < count) chosen.add(pick());
    return [...chosen];
  };
}
