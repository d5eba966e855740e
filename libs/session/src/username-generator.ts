import { randomInt } from 'node:crypto';

const ADJECTIVES = [
  'Amber', 'Brave', 'Calm', 'Clever', 'Cosmic', 'Curious', 'Daring', 'Gentle', 'Golden', 'Happy',
  'Jolly', 'Kind', 'Lucky', 'Mellow', 'Misty', 'Nimble', 'Quiet', 'Rapid', 'Sunny', 'Swift',
  'Tidy', 'Velvet', 'Witty', 'Zesty',
];
const ANIMALS = [
  'Badger', 'Falcon', 'Fox', 'Heron', 'Koala', 'Lynx', 'Marten', 'Otter', 'Owl', 'Panda',
  'Puffin', 'Quokka', 'Raven', 'Seal', 'Sparrow', 'Tiger', 'Turtle', 'Walrus', 'Wombat', 'Yak',
];

/** A friendly random name such as "Swift Otter 42". */
export function generateUsername(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]} ${ANIMALS[randomInt(ANIMALS.length)]} ${randomInt(10, 100)}`;
}
