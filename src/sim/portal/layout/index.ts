import { alternativeLayout } from './alternative.ts';
import { classicLayout } from './classic.ts';
import type { Layout, LayoutName, ServerLayoutName } from './types.ts';

export const LAYOUT_NAMES: readonly LayoutName[] = ['classic', 'alternative', 'spa'];

export function layoutNamed(name: ServerLayoutName): Layout {
  return name === 'alternative' ? alternativeLayout : classicLayout;
}

export function isLayoutName(text: string): text is LayoutName {
  return (LAYOUT_NAMES as readonly string[]).includes(text);
}

export type { Layout, LayoutName, ServerLayoutName } from './types.ts';
export { FIELD, ROUTES } from './types.ts';
