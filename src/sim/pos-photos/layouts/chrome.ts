// The POS app around the numbers: its name, the clerk and time, a tab bar and buttons. None of these words is
// a status label, so they change nothing a reader must report; they are there because real screens have them.
import type { Rng } from '../random.ts';
import type { ScreenChrome } from '../screen-content.ts';
import type { PosScreenSpec } from '../spec.ts';

const APP_NAMES = ['雲端收銀系統', '快速結帳系統', '門市管理系統', '好生意收銀', '店家小幫手'] as const;
const MENU = ['銷售', '商品', '會員', '報表', '發票', '設定', '交班'] as const;
const BUTTONS = ['返回', '列印', '重新整理', '匯出', '確定', '關閉'] as const;

export function appChrome(spec: PosScreenSpec, rng: Rng): ScreenChrome {
  return {
    frame: 'app',
    appName: rng.pick(APP_NAMES),
    status: [`店員：${spec.store.clerk}`, spec.store.printedAt],
    menu: rng.chance(0.7) ? MENU.slice(0, rng.int(4, MENU.length)) : [],
    buttons: rng.shuffle(BUTTONS).slice(0, rng.int(1, 3)),
  };
}

export function slipChrome(rng: Rng): ScreenChrome {
  return { frame: 'slip', appName: '', status: [], menu: [], buttons: rng.chance(0.6) ? ['列印', '關閉'] : [] };
}
