import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateStores, loadFixture } from '../../../src/sim/portal/fixture.ts';
import { isValidUbn } from '../../../src/invoice/ubn.ts';

describe('portal simulator: fixture', () => {
  it('loads the bundled accounts and allocations', () => {
    const fixture = loadFixture({ generatedStores: 0 });
    assert.deepEqual(
      fixture.accounts.map((a) => [a.name, a.ubn, a.account, a.branches]),
      [['小林咖啡', '04595257', 'coffee01', []], ['阿明小吃', '10458575', 'snack01', ['10458579']]],
    );
    assert.deepEqual(
      fixture.allocations.map((a) => [a.ubn, a.track, a.start, a.end, a.period]),
      [
        ['04595257', 'MM', '16937000', '16946999', null],
        ['04595257', 'AB', '12345000', '12345999', null],
        ['10458575', 'ZZ', '00000000', '00009999', null],
        ['10458579', 'ZY', '50000000', '50004999', null],
      ],
    );
  });

  it('adds 20 generated stores by default, the same on every run, with valid 統一編號', () => {
    const fixture = loadFixture();
    const stores = fixture.accounts.filter((a) => a.account.startsWith('store'));
    assert.equal(stores.length, 20);
    assert.equal(stores[0]?.account, 'store01');
    assert.equal(stores[19]?.account, 'store20');
    assert.ok(fixture.accounts.every((a) => isValidUbn(a.ubn) && a.branches.every(isValidUbn)));
    assert.deepEqual(generateStores(20), generateStores(20));
    const ubns = new Set(stores.map((s) => s.ubn));
    assert.equal(ubns.size, 20);
    const tracks = fixture.allocations.filter((a) => ubns.has(a.ubn)).map((a) => a.track);
    assert.equal(new Set(tracks).size, 20);
    assert.ok(tracks.every((t) => /^[A-Z]{2}$/.test(t)));
  });

  it('refuses a fixture with a bad 統一編號, track or range, saying which', () => {
    const account = { ubn: '04595257', account: 'a', password: 'p', name: 'n', branches: [] };
    assert.throws(
      () => loadFixture({ source: { accounts: [{ ...account, ubn: '12345678' }], allocations: [] } }),
      /統一編號/,
    );
    assert.throws(
      () => loadFixture({ source: { accounts: [account], allocations: [{ ubn: '04595257', track: 'mm', start: '00000000', end: '00000049' }] } }),
      /two capital letters/,
    );
    assert.throws(
      () => loadFixture({ source: { accounts: [account], allocations: [{ ubn: '04595257', track: 'MM', start: '00000050', end: '00000049' }] } }),
      /end is before start/,
    );
    assert.throws(
      () => loadFixture({ source: { accounts: [account], allocations: [{ ubn: '10458575', track: 'MM', start: '00000000', end: '00000049' }] } }),
      /no account owns/,
    );
  });

  it('restricts an allocation to one period when it names one', () => {
    const fixture = loadFixture({
      source: {
        accounts: [{ ubn: '04595257', account: 'a', password: 'p', name: 'n', branches: [] }],
        allocations: [{ ubn: '04595257', track: 'QQ', start: '00000000', end: '00000049', period: '11510' }],
      },
    });
    assert.equal(fixture.allocations[0]?.period, '11510');
    assert.throws(
      () => loadFixture({ source: { accounts: [], allocations: [{ ubn: '04595257', track: 'QQ', start: '00000000', end: '00000049', period: '11511' }] } }),
      /period keys/,
    );
  });
});
