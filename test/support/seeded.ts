// A small seeded generator (mulberry32), so a randomised test can be run again from its printed seed.
// One copy, kept with the photo generator that also draws from a seed.
export { mulberry32 } from '../../src/sim/pos-photos/random.ts';
