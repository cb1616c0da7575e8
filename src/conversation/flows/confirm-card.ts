import type { messagingApi } from '@line/bot-sdk';
import { formatNumber } from '../../invoice/invoice-number.ts';
import { invoiceTypeLabel, type InvoiceType } from '../../invoice/invoice-type.ts';
import { formatCount } from '../../invoice/messages.ts';
import { daysLeft, formatDeadlineLabel, formatOwnerLabel, type Period } from '../../invoice/period.ts';
import { formatRange, groupByTrack, rangeCount, type InvoiceRange } from '../../invoice/range.ts';
import type { Store } from '../../db/schema.ts';
import type { CorrectionPlan } from '../../stores/correction.ts';
import { correctCopy } from '../copy/correct.ts';
import { uploadCopy } from '../copy/upload.ts';
import { actionOf, type Choice } from '../messages.ts';

type FlexComponent = messagingApi.FlexComponent;

const row = (label: string, value: string): FlexComponent => ({
  type: 'box',
  layout: 'baseline',
  spacing: 'sm',
  contents: [
    { type: 'text', text: label, size: 'sm', color: '#888888', flex: 2 },
    { type: 'text', text: value, size: 'sm', wrap: true, flex: 5 },
  ],
});

function rangeLine(range: InvoiceRange): FlexComponent {
  return {
    type: 'box',
    layout: 'baseline',
    contents: [
      { type: 'text', text: `${formatNumber(range.start)}–${formatNumber(range.end)}`, size: 'sm', flex: 5 },
      { type: 'text', text: uploadCopy.count(formatCount(rangeCount(range))), size: 'sm', align: 'end', flex: 2 },
    ],
  };
}

function trackBlocks(ranges: readonly InvoiceRange[]): FlexComponent[] {
  return groupByTrack(ranges).map((group) => ({
    type: 'box',
    layout: 'vertical',
    margin: 'md',
    contents: [
      { type: 'text', text: `字軌 ${group.track}`, weight: 'bold', size: 'sm' },
      ...group.ranges.map(rangeLine),
    ],
  }));
}

interface CardButtons {
  readonly confirm: Choice;
  readonly edit: Choice;
  readonly cancel: Choice;
}

function storeRows(store: Store, period: Period): FlexComponent[] {
  const labels = uploadCopy.labels;
  return [
    row(labels.store, store.display_name),
    row(labels.ubn, store.branch_ubn === store.ubn ? store.ubn : `${store.ubn}／${store.branch_ubn}`),
    row(labels.period, formatOwnerLabel(period)),
  ];
}

function card(title: string, altText: string, body: FlexComponent[], buttons: CardButtons): messagingApi.FlexMessage {
  return {
    type: 'flex',
    altText,
    contents: {
      type: 'bubble',
      header: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: title, weight: 'bold', size: 'lg' }] },
      body: { type: 'box', layout: 'vertical', spacing: 'sm', contents: body },
      footer: {
        type: 'box',
        layout: 'vertical',
        spacing: 'sm',
        contents: [
          { type: 'button', style: 'primary', action: actionOf(buttons.confirm) },
          {
            type: 'box',
            layout: 'horizontal',
            spacing: 'sm',
            contents: [
              { type: 'button', style: 'secondary', action: actionOf(buttons.edit) },
              { type: 'button', style: 'secondary', action: actionOf(buttons.cancel) },
            ],
          },
        ],
      },
    },
  };
}

/** The card the owner confirms before anything is sent to the platform. */
export function confirmationCard(
  store: Store,
  period: Period,
  ranges: readonly InvoiceRange[],
  now: Date,
  buttons: CardButtons,
  /** A line at the top of the card, e.g. that the numbers were read from a photo. */
  note?: string,
): messagingApi.FlexMessage {
  const total = ranges.reduce((sum, range) => sum + rangeCount(range), 0);
  const labels = uploadCopy.labels;
  const deadline = uploadCopy.deadlineLine(formatDeadlineLabel(period), daysLeft(period, now));
  const body: FlexComponent[] = [
    ...(note ? [noteLine(note)] : []),
    ...storeRows(store, period),
    row(labels.invoiceType, invoiceTypeLabel(store.invoice_type as InvoiceType)),
    { type: 'separator', margin: 'md' },
    ...trackBlocks(ranges),
    { type: 'separator', margin: 'md' },
    row(labels.total, uploadCopy.count(formatCount(total))),
    row(labels.deadline, deadline),
  ];
  const altText = `${uploadCopy.confirmTitle}：${store.display_name} ${formatOwnerLabel(period)} 共 ${formatCount(total)} 張`;
  return card(uploadCopy.confirmTitle, altText, body, buttons);
}

function noteLine(text: string): FlexComponent {
  return { type: 'text', text, size: 'sm', color: '#B45309', wrap: true };
}

/** One group of a correction card: its heading, then each range with its count. */
function changeBlock(title: string, color: string, ranges: readonly InvoiceRange[]): FlexComponent[] {
  if (ranges.length === 0) return [];
  return [
    {
      type: 'box',
      layout: 'vertical',
      margin: 'md',
      contents: [
        { type: 'text', text: title, weight: 'bold', size: 'sm', color },
        ...ranges.map(
          (range): FlexComponent => ({
            type: 'box',
            layout: 'baseline',
            contents: [
              { type: 'text', text: formatRange(range), size: 'sm', flex: 5 },
              { type: 'text', text: uploadCopy.count(formatCount(rangeCount(range))), size: 'sm', align: 'end', flex: 2 },
            ],
          }),
        ),
      ],
    },
  ];
}

/** The card for correcting a period already uploaded: what will be deleted, added and left alone. */
export function correctionCard(store: Store, period: Period, plan: CorrectionPlan, buttons: CardButtons): messagingApi.FlexMessage {
  const sections = correctCopy.sections;
  const body: FlexComponent[] = [
    ...storeRows(store, period),
    { type: 'separator', margin: 'md' },
    ...changeBlock(sections.remove, '#C62828', plan.remove),
    ...changeBlock(sections.add, '#2E7D32', plan.add),
    ...changeBlock(sections.keep, '#888888', plan.keep),
    { type: 'separator', margin: 'md' },
    { type: 'text', text: correctCopy.order, size: 'sm', color: '#888888', wrap: true, margin: 'md' },
  ];
  const altText = correctCopy.altText(store.display_name, formatOwnerLabel(period), plan.remove.length, plan.add.length);
  return card(correctCopy.confirmTitle, altText, body, buttons);
}
