// Public API of the invoice domain core: pure functions, no I/O.
export * from './taipei-time.ts';
export * from './period.ts';
export * from './invoice-number.ts';
export * from './range.ts';
export * from './parse-ranges.ts';
export * from './ubn.ts';
export * from './invoice-type.ts';
export * from './e0402.ts';
export { RANGE_EXAMPLE, formatCount, leftOutReasonText, leftOutText } from './messages.ts';
export { foldText } from './normalize-text.ts';
