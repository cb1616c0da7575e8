// The rich menu as the page draws it: the image, and the tappable areas on top of it.
import { isRecord } from '../sim/line/json.ts';
import type { StoredRichMenu } from '../sim/line/index.ts';

export interface RichMenuView {
  readonly richMenuId: string;
  readonly size: { readonly width: number; readonly height: number };
  readonly chatBarText: string;
  readonly selected: boolean;
  readonly areas: ReadonlyArray<{ readonly bounds: unknown; readonly action: unknown }>;
}

export function richMenuView(menu: StoredRichMenu | undefined): RichMenuView | null {
  if (!menu?.image) return null;
  const { size, chatBarText, selected, areas } = menu.menu;
  if (!isRecord(size) || !Array.isArray(areas)) return null;
  return {
    richMenuId: menu.richMenuId,
    size: { width: Number(size['width']), height: Number(size['height']) },
    chatBarText: typeof chatBarText === 'string' ? chatBarText : '選單',
    selected: selected === true,
    areas: areas.filter(isRecord).map((area) => ({ bounds: area['bounds'], action: area['action'] })),
  };
}
