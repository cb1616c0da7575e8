// What a visitor needs to try the playground: the simulator's first fixture account and ranges it owns.
import type { PlaygroundFixture } from '../playground/router.ts';
import type { PortalSimulator } from '../sim/portal/index.ts';

/** A few numbers from the middle of the account's first track, so they are surely its own. */
const SAMPLE_OFFSET = { from: 74, to: 99 };

export function playgroundFixture(simulator: PortalSimulator, portalUrl: string): PlaygroundFixture {
  const { accounts, allocations } = simulator.state.fixture;
  const account = accounts[0];
  if (!account) throw new Error('the platform simulator fixture has no account');
  const ranges = allocations
    .filter((allocation) => allocation.ubn === account.ubn)
    .slice(0, 2)
    .map((allocation) => {
      const width = allocation.start.length;
      const at = (offset: number) => String(Number(allocation.start) + offset).padStart(width, '0');
      return `${allocation.track}${at(SAMPLE_OFFSET.from)}-${at(SAMPLE_OFFSET.to)}`;
    });
  return { storeName: account.name, ubn: account.ubn, account: account.account, password: account.password, ranges, portalUrl };
}
