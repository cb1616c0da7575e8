import type { Store, StorePeriod } from '../../db/schema.ts';
import { justEndedPeriod, periodFromKey, formatOwnerLabel, periodKey } from '../../invoice/period.ts';
import { isCorrectable } from '../../stores/correction.ts';
import { recentPeriodsOf, storesOf } from '../../stores/repository.ts';
import { commonCopy } from '../copy/common.ts';
import { correctCopy } from '../copy/correct.ts';
import { statusCopy } from '../copy/status.ts';
import { outcome, type Outcome, type StepContext } from '../context.ts';
import { MENU_CHOICES, textMessage, type Choice } from '../messages.ts';
import { IDLE } from '../state.ts';
import { deadlineLine } from './deadline.ts';

const REGISTER_CHOICE: Choice = { label: commonCopy.buttons.registerStore, text: commonCopy.buttons.registerStore };

/** The menu an owner without a store sees starts with setting one up. */
async function menuChoices(ctx: StepContext): Promise<readonly Choice[]> {
  const stores = await storesOf(ctx.trx, ctx.lineUserId);
  return stores.length === 0 ? [REGISTER_CHOICE, ...MENU_CHOICES.slice(3)] : MENU_CHOICES;
}

export async function welcome(ctx: StepContext): Promise<Outcome> {
  const stores = await storesOf(ctx.trx, ctx.lineUserId);
  const text = stores.length === 0 ? commonCopy.welcome(deadlineLine(ctx.now)) : commonCopy.welcomeBack(deadlineLine(ctx.now));
  return outcome(IDLE, [textMessage(text)], await menuChoices(ctx));
}

/** Back to the main menu, optionally after some words (cancelled, timed out, …). */
export async function mainMenu(ctx: StepContext, lead?: string): Promise<Outcome> {
  return outcome(IDLE, [textMessage(lead ? `${lead}\n${commonCopy.menu}` : commonCopy.menu)], await menuChoices(ctx));
}

export async function help(ctx: StepContext): Promise<Outcome> {
  return outcome(IDLE, [textMessage(`${commonCopy.help}\n\n${deadlineLine(ctx.now)}`)], await menuChoices(ctx));
}

/** How many periods 狀態 offers to correct, before the menu buttons. */
const CORRECTION_BUTTONS = 4;

export async function status(ctx: StepContext): Promise<Outcome> {
  const stores = await storesOf(ctx.trx, ctx.lineUserId);
  if (stores.length === 0) return outcome(IDLE, [textMessage(statusCopy.noStores)], await menuChoices(ctx));
  const due = periodKey(justEndedPeriod(ctx.now));
  const blocks = await Promise.all(
    stores.map(async (store) => {
      const periods = await recentPeriodsOf(ctx.trx, store.id, 3);
      const lines = periods.map((p) => `  ${label(p.period_key)}：${statusCopy.periodState[p.state]}`);
      if (!periods.some((p) => p.period_key === due)) lines.unshift(`  ${label(due)}：${statusCopy.notYet}`);
      const credentials = store.sealed_credentials ? '' : statusCopy.credentialsMissing;
      const correctable = periods.filter((p) => isCorrectable(p.state)).map((period) => ({ store, period }));
      return { text: `【${store.display_name}】${credentials}\n${lines.join('\n')}`, correctable };
    }),
  );
  const text = `${statusCopy.title}\n\n${blocks.map((block) => block.text).join('\n\n')}\n\n${deadlineLine(ctx.now)}`;
  const corrections = correctionChoices(blocks.flatMap((block) => block.correctable), stores.length > 1);
  return outcome(IDLE, [textMessage(text)], [...corrections, ...MENU_CHOICES]);
}

/** 「修改已上傳的號碼」 for each period sent to the platform; named by period (and store) when there are several. */
function correctionChoices(periods: ReadonlyArray<{ store: Store; period: StorePeriod }>, severalStores: boolean): Choice[] {
  return periods.slice(0, CORRECTION_BUTTONS).map(({ store, period }) => {
    const name = severalStores ? `${store.display_name} ${label(period.period_key)}` : label(period.period_key);
    return {
      label: periods.length === 1 ? correctCopy.button : correctCopy.periodButton(name),
      postback: 'correct',
      params: { s: store.id, p: period.period_key },
      displayText: `${correctCopy.button}（${name}）`,
    };
  });
}

function label(key: string): string {
  const period = periodFromKey(key);
  return period ? formatOwnerLabel(period) : key;
}
