// The fonts a screen is drawn in: only fonts installed on this machine, so a render needs no download.
// Each names a CSS stack whose last resort has the Chinese glyphs (WenQuanYi), as a POS app's own fallback would.

export const FONT_NAMES = ['wqy-zenhei', 'wqy-zenhei-sharp', 'wqy-zenhei-mono', 'dejavu-sans-mono', 'dejavu-sans', 'dejavu-serif'] as const;

export type FontName = (typeof FONT_NAMES)[number];

const STACKS: Readonly<Record<FontName, string>> = {
  'wqy-zenhei': "'WenQuanYi Zen Hei', sans-serif",
  // The bitmap-hinted cut: the blocky look of an older POS terminal.
  'wqy-zenhei-sharp': "'WenQuanYi Zen Hei Sharp', 'WenQuanYi Zen Hei', sans-serif",
  'wqy-zenhei-mono': "'WenQuanYi Zen Hei Mono', monospace",
  'dejavu-sans-mono': "'DejaVu Sans Mono', 'WenQuanYi Zen Hei Mono', monospace",
  'dejavu-sans': "'DejaVu Sans', 'WenQuanYi Zen Hei', sans-serif",
  'dejavu-serif': "'DejaVu Serif', 'WenQuanYi Zen Hei', serif",
};

export function fontStack(font: FontName): string {
  return STACKS[font];
}

/** Receipt-like reports are printed in a fixed-width font. */
export const MONOSPACE_FONTS: readonly FontName[] = ['wqy-zenhei-mono', 'dejavu-sans-mono'];
