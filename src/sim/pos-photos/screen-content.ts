// What a screen shows, as blocks of text: the one source of both the HTML drawn in Chromium and `screenText`,
// so the picture and the text a perfect reader would see cannot drift apart.

/** How a row is coloured: a status cell is drawn as a badge in these colours. */
export type Tone = 'blank' | 'used' | 'plain';

export type ScreenBlock =
  | { readonly kind: 'title'; readonly text: string }
  /** Small secondary lines: date, store name, 統一編號. */
  | { readonly kind: 'info'; readonly text: string }
  /** A section heading: `1號機`, `未使用：`. */
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'line'; readonly text: string; readonly tone: Tone }
  /** A form row: a label and its value side by side (`起始號碼  16937000`). */
  | { readonly kind: 'field'; readonly label: string; readonly value: string }
  | { readonly kind: 'table'; readonly header: readonly string[]; readonly rows: readonly TableRow[] }
  /** A drawn separator: no text. */
  | { readonly kind: 'rule' };

export interface TableRow {
  readonly cells: readonly string[];
  readonly tone: Tone;
}

/** The POS app around the content: title bar, menu and buttons. Receipts are drawn as a paper slip instead. */
export interface ScreenChrome {
  readonly frame: 'app' | 'slip';
  readonly appName: string;
  /** Top bar text beside the app name (clerk, time). */
  readonly status: readonly string[];
  readonly menu: readonly string[];
  readonly buttons: readonly string[];
}

export interface ScreenContent {
  readonly chrome: ScreenChrome;
  readonly blocks: readonly ScreenBlock[];
}

// Table cells and form fields are read with a wide gap, as an OCR engine reports columns on one line.
const CELL_GAP = '  ';

export function blockText(block: ScreenBlock): string[] {
  switch (block.kind) {
    case 'title':
    case 'info':
    case 'heading':
    case 'line':
      return [block.text];
    case 'field':
      return [`${block.label}${CELL_GAP}${block.value}`];
    case 'table':
      return [block.header, ...block.rows.map((row) => row.cells)].map((cells) => cells.join(CELL_GAP));
    case 'rule':
      return [];
  }
}

/** The text on the screen, top to bottom, as a perfect reader would type it. */
export function contentText(content: ScreenContent): string {
  const { chrome } = content;
  const top = chrome.frame === 'app' ? [[chrome.appName, ...chrome.status].join(CELL_GAP), ...(chrome.menu.length ? [chrome.menu.join(CELL_GAP)] : [])] : [];
  const bottom = chrome.buttons.length ? [chrome.buttons.join(CELL_GAP)] : [];
  return [...top, ...content.blocks.flatMap(blockText), ...bottom].join('\n');
}
