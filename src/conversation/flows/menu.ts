import type { Store, StorePeriod } from '../../db/schema.ts';
import { justEndedPeriod, periodFromKey, formatOwnerLabel, periodKey } from '../../invoice/period.ts';
import { needsOwner } from '../../stores/period-status.ts';
import { nextStepChoice, statusOf, statusText } from '../period-view.ts';
import { isCorrectable } from '../../stores/correction.ts';
import { recentPeriodsOf, storesOf } from '../../stores/repository.ts';
import { commonCopy } from '../copy/common.ts';
import { correctCopy } from '../copy/correct.ts';
import { eraseCopy } from '../copy/erase.ts';
import { statusCopy } from '../copy/status.ts';
import { outcome, type Outcome, type StepContext } from '../context.ts';
import { MENU_CHOICES, textMessage, type Choice } from '../messages.ts';
import { IDLE } from '../state.ts';
import { deadlineLine, storeDeadlineLine } from './deadline.ts';

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

/** 說明 also offers 「刪除我的資料」, the one place it is a button. */
export async function help(ctx: StepContext): Promise<Outcome> {
  const erase: Choice = { label: eraseCopy.eraseMeButton, text: eraseCopy.eraseMeButton };
  return outcome(IDLE, [textMessage(`${commonCopy.help}\n\n${deadlineLine(ctx.now)}`)], [...(await menuChoices(ctx)), erase]);
}

/** How many periods 狀態 offers to correct, before the menu buttons. */
const CORRECTION_BUTTONS = 4;
/** How many fix buttons 狀態 offers (one per period needing the owner). */
const FIX_BUTTONS = 4;
const PERIODS_SHOWN = 3;

interface StoreBlock {
  readonly text: string;
  readonly fixes: readonly Choice[];
  readonly correctable: ReadonlyArray<{ store: Store; period: StorePeriod }>;
}

export async function status(ctx: StepContext): Promise<Outcome> {
  const stores = await storesOf(ctx.trx, ctx.lineUserId);
  if (stores.length === 0) return outcome(IDLE, [textMessage(statusCopy.noStores)], await menuChoices(ctx));
  const blocks = await Promise.all(stores.map((store) => storeBlock(ctx, store, stores.length > 1)));
  const text = `${statusCopy.title}\n\n${blocks.map((block) => block.text).join('\n\n')}`;
  const fixes = blocks.flatMap((block) => block.fixes).slice(0, FIX_BUTTONS);
  const corrections = correctionChoices(blocks.flatMap((block) => block.correctable), stores.length > 1);
  return outcome(IDLE, [textMessage(text)], [...fixes, ...corrections, ...MENU_CHOICES]);
}

/** A store's recent periods (the one due now always among them), each as the owner should read it, and its next deadline. */
async function storeBlock(ctx: StepContext, store: Store, severalStores: boolean): Promise<StoreBlock> {
  const due = periodKey(justEndedPeriod(ctx.now));
  const rows = await recentPeriodsOf(ctx.trx, store.id, PERIODS_SHOWN);
  const keys = [...new Set([due, ...rows.map((row) => row.period_key)])].sort().reverse().slice(0, PERIODS_SHOWN);
  const lines: string[] = [];
  const fixes: Choice[] = [];
  let dueNeedsOwner = true;
  for (const key of keys) {
    const state = await statusOf(ctx.trx, store, key, ctx.now);
    if (key === due) dueNeedsOwner = needsOwner(state);
    lines.push(`  ${label(key)}：${statusText(state)}`);
    const fix = nextStepChoice(state, store.id, key);
    // Several buttons of one kind: each names its period (and store), like the correction buttons do.
    if (fix) fixes.push(severalStores || keys.length > 1 ? { ...fix, label: `${fix.label} ${severalStores ? `${store.display_name} ` : ''}${label(key)}` } : fix);
  }
  const credentials = store.sealed_credentials ? '' : statusCopy.credentialsMissing;
  const correctable = rows.filter((p) => isCorrectable(p.state)).map((period) => ({ store, period }));
  const text = `【${store.display_name}】${credentials}\n${lines.join('\n')}\n${storeDeadlineLine(ctx.now, dueNeedsOwner)}`;
  return { text, fixes, correctable };
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
