import type { InvoiceType } from '../invoice/invoice-type.ts';
import type { PhotoDoubtReason } from '../ocr/types.ts';

/**
 * Where an owner is in the conversation. Persisted as JSON with STATE_VERSION;
 * a state saved by another version is dropped (the owner starts from the menu),
 * never misread.
 */
export const STATE_VERSION = 1;

/** Ranges kept in the state as [track, start, end] to stay small. */
export type StoredRange = readonly [string, number, number];

/** What a photo showed, kept while the store or period is asked (as `pendingText` keeps typed numbers). */
export interface PendingPhoto {
  readonly ranges: readonly StoredRange[];
  readonly doubts: readonly { readonly text: string; readonly reason: PhotoDoubtReason }[];
  /** What was left out and why, as the owner reads it (「已略過：…」). */
  readonly leftOut: readonly string[];
}

export type ConversationState =
  | { readonly step: 'idle' }
  | { readonly step: 'register.ubn'; readonly failures: number }
  /** `ubn` is the store's own 統一編號, as typed first. */
  | { readonly step: 'register.branch'; readonly ubn: string; readonly failures: number }
  /** A branch: the head office's 統一編號 (the platform login's) is asked for; `ubn` is the branch's own. */
  | { readonly step: 'register.head'; readonly ubn: string; readonly failures: number }
  | { readonly step: 'register.invoiceType'; readonly ubn: string; readonly branchUbn: string; readonly failures: number }
  | {
      readonly step: 'register.name';
      readonly ubn: string;
      readonly branchUbn: string;
      readonly invoiceType: InvoiceType;
      readonly failures: number;
    }
  | { readonly step: 'upload.store'; readonly failures: number; readonly pendingText?: string; readonly pendingPhoto?: PendingPhoto }
  | {
      readonly step: 'upload.period';
      readonly storeId: string;
      readonly failures: number;
      readonly pendingText?: string;
      readonly pendingPhoto?: PendingPhoto;
    }
  | { readonly step: 'upload.ranges'; readonly storeId: string; readonly periodKey: string; readonly failures: number }
  | {
      readonly step: 'upload.confirm';
      readonly storeId: string;
      readonly periodKey: string;
      readonly ranges: readonly StoredRange[];
      readonly failures: number;
    }
  | { readonly step: 'correct.store'; readonly failures: number }
  | { readonly step: 'correct.period'; readonly storeId: string; readonly failures: number }
  | { readonly step: 'correct.ranges'; readonly storeId: string; readonly periodKey: string; readonly failures: number }
  | {
      readonly step: 'correct.confirm';
      readonly storeId: string;
      readonly periodKey: string;
      /** The complete list the owner wants for the period. */
      readonly ranges: readonly StoredRange[];
      readonly failures: number;
    }
  | { readonly step: 'nothing.confirm'; readonly storeId: string; readonly periodKey: string; readonly failures: number }
  /** `then`: what the chosen store is for (刪除這家店 typed with several stores); its menu otherwise. */
  | { readonly step: 'settings.store'; readonly failures: number; readonly then?: 'delete' }
  | { readonly step: 'settings.menu'; readonly storeId: string; readonly failures: number }
  | { readonly step: 'settings.name'; readonly storeId: string; readonly failures: number }
  /** 刪除我的資料, asked: 確定刪除 erases everything of the owner. */
  | { readonly step: 'erase.me'; readonly failures: number }
  /** 刪除這家店, asked: 確定刪除 erases the store. */
  | { readonly step: 'erase.store'; readonly storeId: string; readonly failures: number };

export type Step = ConversationState['step'];

export const IDLE: ConversationState = { step: 'idle' };

export function parseState(version: number, json: string): ConversationState {
  if (version !== STATE_VERSION) return IDLE;
  try {
    const value = JSON.parse(json) as { step?: unknown };
    return typeof value.step === 'string' ? (value as ConversationState) : IDLE;
  } catch {
    return IDLE;
  }
}

/** The same step with one more failed attempt. */
export function withFailure(state: ConversationState): ConversationState {
  return 'failures' in state ? { ...state, failures: state.failures + 1 } : state;
}
