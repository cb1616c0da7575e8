import type { Store } from '../../db/schema.ts';
import { invoiceTypeLabel, parseInvoiceType, type InvoiceType } from '../../invoice/invoice-type.ts';
import { storeById, storesOf, updateStoreDetails } from '../../stores/repository.ts';
import { commonCopy } from '../copy/common.ts';
import { eraseCopy } from '../copy/erase.ts';
import { registerCopy } from '../copy/register.ts';
import { settingsCopy } from '../copy/status.ts';
import { outcome, type Outcome, type StepContext } from '../context.ts';
import { CANCEL_CHOICE, linkCard, MENU_CHOICES, textMessage, type Choice } from '../messages.ts';
import type { Postback } from '../postback.ts';
import { IDLE, type ConversationState } from '../state.ts';
import { askEraseStore } from './erase.ts';
import { mainMenu } from './menu.ts';
import { retry } from './retry.ts';
import { startRegistration } from './register.ts';

type SettingsState = Extract<ConversationState, { step: `settings.${string}` }>;

const ADD_STORE: Choice = { label: commonCopy.buttons.addStore, text: commonCopy.buttons.addStore };

/** 商店設定; typed 「更新平台帳號密碼」 or 「刪除這家店」 with one store goes straight to it. */
export async function startSettings(ctx: StepContext, jumpTo?: 'credentials' | 'delete'): Promise<Outcome> {
  const stores = await storesOf(ctx.trx, ctx.lineUserId);
  if (stores.length === 0) return jumpTo === 'delete' ? mainMenu(ctx, settingsCopy.noStoreToDelete) : startRegistration();
  const only = stores.length === 1 ? (stores[0] as Store) : undefined;
  if (only && jumpTo === 'credentials') return credentialsLink(ctx, only);
  if (only && jumpTo === 'delete') return askEraseStore(ctx, only);
  if (only) return storeMenu(ctx, only);
  return askStore(ctx, stores, 0, jumpTo === 'delete' ? 'delete' : undefined);
}

async function credentialsLink(ctx: StepContext, store: Store): Promise<Outcome> {
  const link = await ctx.deps.issueCredentialLink(ctx.trx, { storeId: store.id, lineUserId: ctx.lineUserId });
  return outcome(IDLE, [linkCard(settingsCopy.credentialsLink, registerCopy.credentialsButton, link)], MENU_CHOICES);
}

export async function continueSettings(ctx: StepContext, state: SettingsState, text: string | null, postback: Postback | null): Promise<Outcome> {
  switch (state.step) {
    case 'settings.store': {
      const stores = await storesOf(ctx.trx, ctx.lineUserId);
      const store = stores.find((s) => s.id === postback?.params.s);
      if (!store) return askStore(ctx, stores, state.failures + 1, state.then);
      return state.then === 'delete' ? askEraseStore(ctx, store) : storeMenu(ctx, store);
    }
    case 'settings.menu':
      return chooseSetting(ctx, state, postback);
    case 'settings.name':
      return rename(ctx, state, text);
  }
}

function askStore(ctx: StepContext, stores: readonly Store[], failures: number, then?: 'delete'): Outcome {
  const choices: Choice[] = stores.slice(0, 11).map((store) => ({ label: store.display_name, postback: 'store', nonce: ctx.nonce, params: { s: store.id } }));
  if (then === 'delete') return outcome({ step: 'settings.store', failures, then }, [textMessage(eraseCopy.chooseStore)], [...choices, CANCEL_CHOICE]);
  return outcome({ step: 'settings.store', failures }, [textMessage(settingsCopy.chooseStore)], [...choices, ADD_STORE, CANCEL_CHOICE]);
}

function storeMenu(ctx: StepContext, store: Store, lead?: string): Outcome {
  const text = settingsCopy.menu(store.display_name);
  return outcome({ step: 'settings.menu', storeId: store.id, failures: 0 }, [textMessage(lead ? `${lead}\n\n${text}` : text)], [
    { label: settingsCopy.updateCredentials, postback: 'credentials', nonce: ctx.nonce },
    { label: settingsCopy.rename, postback: 'rename', nonce: ctx.nonce },
    { label: settingsCopy.changeInvoiceType, postback: 'changeType', nonce: ctx.nonce },
    ADD_STORE,
    { label: eraseCopy.deleteStoreButton, postback: 'deleteStore', nonce: ctx.nonce },
    CANCEL_CHOICE,
  ]);
}

async function chooseSetting(ctx: StepContext, state: Extract<SettingsState, { step: 'settings.menu' }>, postback: Postback | null): Promise<Outcome> {
  const store = await storeById(ctx.trx, state.storeId);
  if (!store) return mainMenu(ctx);
  switch (postback?.action) {
    case 'credentials':
      return credentialsLink(ctx, store);
    case 'rename':
      return outcome({ step: 'settings.name', storeId: store.id, failures: 0 }, [textMessage(settingsCopy.askNewName)], [CANCEL_CHOICE]);
    case 'changeType':
      return changeInvoiceType(ctx, store, postback.params.t);
    case 'deleteStore':
      return askEraseStore(ctx, store);
    default:
      return storeMenu(ctx, store);
  }
}

async function changeInvoiceType(ctx: StepContext, store: Store, requested: string | undefined): Promise<Outcome> {
  const type: InvoiceType | null = requested ? parseInvoiceType(requested) ?? (requested === '07' || requested === '08' ? requested : null) : null;
  if (!type) {
    const choices: Choice[] = (['07', '08'] as const).map((t) => ({ label: invoiceTypeLabel(t), postback: 'changeType', nonce: ctx.nonce, params: { t } }));
    return outcome({ step: 'settings.menu', storeId: store.id, failures: 0 }, [textMessage(registerCopy.askInvoiceType)], [...choices, CANCEL_CHOICE]);
  }
  await updateStoreDetails(ctx.trx, store.id, { invoiceType: type }, ctx.now);
  return outcome(IDLE, [textMessage(settingsCopy.invoiceTypeChanged(invoiceTypeLabel(type)))], MENU_CHOICES);
}

async function rename(ctx: StepContext, state: Extract<SettingsState, { step: 'settings.name' }>, text: string | null): Promise<Outcome> {
  const name = (text ?? '').trim().replace(/\s+/g, ' ');
  if (name === '' || Array.from(name).length > 20) return retry(state, registerCopy.nameTooLong, registerCopy.nameExample, []);
  await updateStoreDetails(ctx.trx, state.storeId, { displayName: name }, ctx.now);
  return outcome(IDLE, [textMessage(settingsCopy.renamed(name))], MENU_CHOICES);
}

/** Shows the current settings question again (after a tap on an old card). */
export async function promptSettings(ctx: StepContext, state: SettingsState): Promise<Outcome> {
  if (state.step === 'settings.store') return askStore(ctx, await storesOf(ctx.trx, ctx.lineUserId), state.failures, state.then);
  const store = await storeById(ctx.trx, state.storeId);
  if (!store) return mainMenu(ctx);
  return state.step === 'settings.name'
    ? outcome(state, [textMessage(settingsCopy.askNewName)], [CANCEL_CHOICE])
    : storeMenu(ctx, store);
}
