import { alternativeLayout } from './alternative.ts';
import { classicLayout } from './classic.ts';
import type { Layout, LayoutName } from './types.ts';

export function layoutNamed(name: LayoutName): Layout {
  return name === 'alternative' ? alternativeLayout : classicLayout;
}

export function isLayoutName(text: string): text is LayoutName {
  return text === 'classic' || text === 'alternative';
}

export type { Layout, LayoutName } from './types.ts';
export { FIELD, ROUTES } from './types.ts';
