// The page Chromium draws for a screen: the content's blocks as HTML in the spec's font and theme.
// Colours, spacing and badges vary with the spec's wording seed, as real POS apps differ in look.
import { fontStack } from './fonts.ts';
import { Rng, deriveSeed } from './random.ts';
import type { ScreenBlock, ScreenChrome, ScreenContent, TableRow, Tone } from './screen-content.ts';
import type { PosScreenSpec, Theme } from './spec.ts';

interface Palette {
  readonly page: string;
  readonly panel: string;
  readonly text: string;
  readonly muted: string;
  readonly line: string;
  readonly bar: string;
  readonly barText: string;
  readonly stripe: string;
  readonly blankBadge: string;
  readonly usedBadge: string;
  readonly badgeText: string;
}

const ACCENTS = ['#1565c0', '#00796b', '#6a1b9a', '#ef6c00', '#37474f', '#c62828'] as const;

function palette(theme: Theme, accent: string): Palette {
  if (theme === 'dark') {
    return { page: '#101214', panel: '#1c2025', text: '#e8eaed', muted: '#9aa0a6', line: '#3c4043', bar: '#0b0c0e', barText: '#e8eaed', stripe: '#23282e', blankBadge: '#2e7d32', usedBadge: '#5f6368', badgeText: '#ffffff' };
  }
  return { page: '#eef1f4', panel: '#ffffff', text: '#1f2328', muted: '#5f6368', line: '#d0d7de', bar: accent, barText: '#ffffff', stripe: '#f4f6f8', blankBadge: '#e6f4ea', usedBadge: '#eceff1', badgeText: '#1f2328' };
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function screenHtml(spec: PosScreenSpec, content: ScreenContent): string {
  const rng = new Rng(deriveSeed(spec.wordingSeed, 0x47));
  const colours = palette(spec.theme, rng.pick(ACCENTS));
  const body = content.chrome.frame === 'slip' ? slipBody(content, rng) : appBody(content);
  return `<!doctype html><html lang="zh-Hant"><head><meta charset="utf-8"><style>${css(spec, colours, rng)}</style></head><body>${body}</body></html>`;
}

function css(spec: PosScreenSpec, c: Palette, rng: Rng): string {
  const rowPad = rng.int(4, 10);
  const radius = rng.pick([0, 4, 8]);
  return `
  html, body { margin: 0; width: ${spec.viewport.width}px; height: ${spec.viewport.height}px; overflow: hidden; }
  body { background: ${c.page}; color: ${c.text}; font-family: ${fontStack(spec.font)}; font-size: ${spec.fontSizePx}px; line-height: 1.45; }
  .bar { display: flex; gap: 1.2em; align-items: center; background: ${c.bar}; color: ${c.barText}; padding: 0.35em 0.8em; font-size: 0.85em; }
  .bar .app { font-weight: bold; margin-right: auto; }
  .menu { display: flex; gap: 0.4em; padding: 0.3em 0.8em; border-bottom: 1px solid ${c.line}; font-size: 0.85em; }
  .menu span { padding: 0.15em 0.9em; border: 1px solid ${c.line}; border-radius: ${radius}px; }
  .panel { background: ${c.panel}; margin: 0.6em 0.8em; padding: 0.5em 1em; border: 1px solid ${c.line}; border-radius: ${radius}px; }
  .title { font-size: 1.3em; font-weight: bold; margin: 0.1em 0 0.2em; }
  .info { color: ${c.muted}; font-size: 0.9em; }
  .heading { font-weight: bold; margin-top: 0.35em; }
  .line { padding: 0.05em 0.3em; white-space: pre; }
  .line.blank { border-left: 4px solid ${c.blankBadge}; }
  .line.used { color: ${c.muted}; border-left: 4px solid ${c.usedBadge}; }
  .rule { border-top: 1px ${rng.pick(['solid', 'dashed'])} ${c.line}; margin: 0.35em 0; }
  .field { display: flex; gap: 1em; align-items: center; margin: 0.15em 0; }
  .field .label { width: 7em; color: ${c.muted}; }
  .field .value { border: 1px solid ${c.line}; padding: 0.05em 0.6em; min-width: 8em; border-radius: ${radius}px; }
  table { border-collapse: collapse; margin-top: 0.3em; }
  th, td { padding: ${rowPad}px ${rowPad * 2}px; border-bottom: 1px solid ${c.line}; text-align: left; white-space: pre; }
  th { color: ${c.muted}; }
  tr:nth-child(even) td { background: ${c.stripe}; }
  .badge { padding: 0.05em 0.6em; border-radius: ${radius}px; color: ${c.badgeText}; }
  .badge.blank { background: ${c.blankBadge}; }
  .badge.used { background: ${c.usedBadge}; }
  .buttons { position: absolute; bottom: 0.6em; right: 0.8em; display: flex; gap: 0.6em; }
  .buttons span { padding: 0.3em 1.2em; border: 1px solid ${c.line}; border-radius: ${radius}px; background: ${c.panel}; }
  .slip { background: #fbfaf4; color: #222; width: ${rng.int(26, 34)}em; margin: 0.8em auto; padding: 0.8em 1.4em; box-shadow: 0 2px 10px rgba(0,0,0,0.4); }
  .slip .info, .slip .line.used { color: #444; }
  .slip .title { text-align: center; }
  .slip .line { border-left: none; padding: 0; }
  `;
}

function appBody(content: ScreenContent): string {
  return `${topBar(content.chrome)}${menu(content.chrome)}<div class="panel">${content.blocks.map(blockHtml).join('')}</div>${buttons(content.chrome)}`;
}

function slipBody(content: ScreenContent, rng: Rng): string {
  // A slip never shows row badges: it is what the printer would print.
  const blocks = content.blocks.map(blockHtml).join('');
  return `<div class="slip" style="transform: translateX(${rng.int(-60, 60)}px)">${blocks}</div>${buttons(content.chrome)}`;
}

function topBar(chrome: ScreenChrome): string {
  return `<div class="bar"><span class="app">${escape(chrome.appName)}</span>${chrome.status.map((s) => `<span>${escape(s)}</span>`).join('')}</div>`;
}

function menu(chrome: ScreenChrome): string {
  return chrome.menu.length ? `<div class="menu">${chrome.menu.map((m) => `<span>${escape(m)}</span>`).join('')}</div>` : '';
}

function buttons(chrome: ScreenChrome): string {
  return chrome.buttons.length ? `<div class="buttons">${chrome.buttons.map((b) => `<span>${escape(b)}</span>`).join('')}</div>` : '';
}

function blockHtml(block: ScreenBlock): string {
  switch (block.kind) {
    case 'title':
    case 'info':
    case 'heading':
      return `<div class="${block.kind}">${escape(block.text)}</div>`;
    case 'line':
      return `<div class="line ${block.tone}">${escape(block.text)}</div>`;
    case 'field':
      return `<div class="field"><span class="label">${escape(block.label)}</span><span class="value">${escape(block.value)}</span></div>`;
    case 'table':
      return tableHtml(block.header, block.rows);
    case 'rule':
      return '<div class="rule"></div>';
  }
}

function tableHtml(header: readonly string[], rows: readonly TableRow[]): string {
  const head = `<tr>${header.map((h) => `<th>${escape(h)}</th>`).join('')}</tr>`;
  const body = rows.map((row) => `<tr>${row.cells.map((cell, i) => cellHtml(cell, i === row.cells.length - 1 ? row.tone : 'plain')).join('')}</tr>`);
  return `<table>${head}${body.join('')}</table>`;
}

// The status column is a coloured badge, as POS apps draw it.
function cellHtml(text: string, tone: Tone): string {
  return tone === 'plain' ? `<td>${escape(text)}</td>` : `<td><span class="badge ${tone}">${escape(text)}</span></td>`;
}
