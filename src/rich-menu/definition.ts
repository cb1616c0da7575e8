import type { messagingApi } from '@line/bot-sdk';
import { commonCopy } from '../conversation/copy/common.ts';
import type { Command } from '../conversation/intents.ts';
import { richMenuCopy } from './copy.ts';

/**
 * The main rich menu: four buttons that type the conversation's own commands, so a tap works from any
 * step exactly as if the owner had typed it. The image (render.ts) is drawn from these same bounds.
 */

/** Every menu we install is named with this prefix; re-installing deletes older ones that carry it. */
export const RICH_MENU_NAME_PREFIX = 'blank-invoice-main';
export const RICH_MENU_NAME = `${RICH_MENU_NAME_PREFIX}-v1`;

/** LINE's large size: two rows, so the hint under each label is still readable on a phone. */
export const RICH_MENU_SIZE = { width: 2500, height: 1686 } as const;

export type MenuCommand = Extract<Command, 'upload' | 'status' | 'settings' | 'help'>;

export interface Bounds {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface RichMenuButton {
  readonly command: MenuCommand;
  readonly label: string;
  /** What a tap sends as the owner's message. */
  readonly text: string;
  readonly hint: string;
  readonly bounds: Bounds;
}

const ROW_HEIGHT = RICH_MENU_SIZE.height / 2;
const THIRD = Math.round(RICH_MENU_SIZE.width / 3);

/** Upload, the reason the owner is here, spans the top row; the other three share the bottom row. */
export const RICH_MENU_BUTTONS: readonly RichMenuButton[] = [
  button('upload', { x: 0, y: 0, width: RICH_MENU_SIZE.width, height: ROW_HEIGHT }),
  button('status', { x: 0, y: ROW_HEIGHT, width: THIRD, height: ROW_HEIGHT }),
  button('settings', { x: THIRD, y: ROW_HEIGHT, width: RICH_MENU_SIZE.width - 2 * THIRD, height: ROW_HEIGHT }),
  button('help', { x: RICH_MENU_SIZE.width - THIRD, y: ROW_HEIGHT, width: THIRD, height: ROW_HEIGHT }),
];

function button(command: MenuCommand, bounds: Bounds): RichMenuButton {
  const label = commonCopy.buttons[command];
  return { command, label, text: label, hint: richMenuCopy.hints[command], bounds };
}

/** The menu object for the Messaging API's "create rich menu". */
export function richMenuRequest(): messagingApi.RichMenuRequest {
  return {
    size: { ...RICH_MENU_SIZE },
    selected: true,
    name: RICH_MENU_NAME,
    chatBarText: richMenuCopy.chatBarText,
    areas: RICH_MENU_BUTTONS.map(({ label, text, bounds }) => ({
      bounds: { ...bounds },
      action: { type: 'message', label, text },
    })),
  };
}

export function isOurRichMenu(name: string): boolean {
  return name.startsWith(RICH_MENU_NAME_PREFIX);
}
