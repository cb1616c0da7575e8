// What LINE's Messaging API refuses with 400, as the code that fits outgoing messages needs it.
// Sources: the Messaging API reference (developers.line.biz/en/reference/messaging-api/, message, action,
// template and Flex objects), "Character counting in a text" (developers.line.biz/en/docs/messaging-api/
// text-character-count/) and the fake LINE platform (src/sim/line/validate-*.ts), which refuses the same.
//
// Counting: LINE counts text in UTF-16 code units, except action labels, postback displayText, message-action
// text and template titles and texts, which it counts in grapheme clusters. For those we count code points:
// never fewer than grapheme clusters, so a value that fits our count fits LINE's whatever its segmentation.

export const LINE_LIMITS = {
  /** Messages in one reply or push. */
  messages: 5,
  /** Text message text, UTF-16 units. */
  text: 5000,
  quickReplyItems: 13,
  /** Labels, grapheme clusters (we count code points). */
  quickReplyLabel: 20,
  templateLabel: 20,
  imageCarouselLabel: 12,
  flexLabel: 40,
  /** Postback and datetime-picker data, UTF-16 units: machine data, never cut. */
  postbackData: 300,
  /** Postback displayText and message-action text, grapheme clusters. */
  actionText: 300,
  clipboardText: 1000,
  /** URI action targets, UTF-16 units; schemes http, https, line, tel. */
  uri: 1000,
  flexAltText: 1500,
  templateAltText: 400,
  imagemapAltText: 1500,
  imagemapActions: 50,
  flexCarouselBubbles: 12,
  /** JSON size in UTF-8 bytes as sent ("30 KB" and "50 KB" in LINE's docs; the lower reading of KB). */
  flexBubbleBytes: 30_000,
  flexCarouselBytes: 50_000,
  buttonsText: 160,
  /** A buttons template or carousel column with a title or thumbnail has room for less text. */
  crowdedText: 60,
  templateTitle: 40,
  buttonsActions: 4,
  confirmText: 240,
  templateColumns: 10,
  carouselText: 120,
  carouselActions: 3,
  senderName: 20,
} as const;

export const URI_SCHEMES = new Set(['http', 'https', 'line', 'tel']);
