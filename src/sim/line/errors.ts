// LINE's error bodies: `{ message, details: [{ message, property }] }`. The bot logs these, so they read as LINE's do.

export interface ErrorDetail {
  readonly message: string;
  readonly property: string;
}

export interface LineErrorBody {
  readonly message: string;
  readonly details?: readonly ErrorDetail[];
  readonly sentMessages?: readonly SentMessage[];
}

export interface SentMessage {
  readonly id: string;
  readonly quoteToken?: string;
}

/** Where validators collect what is wrong, so one answer lists every problem as LINE does. */
export type Problems = ErrorDetail[];

export function validationError(problems: Problems): LineErrorBody {
  return { message: `The request body has ${problems.length} error(s)`, details: problems };
}

export function lineError(message: string): LineErrorBody {
  return { message };
}

export const MESSAGES = {
  missingAuth: "Authorization header required. Must follow the scheme, 'Authorization: Bearer <ACCESS TOKEN>'",
  badToken: 'Authentication failed. Confirm that the access token in the authorization header is valid.',
  invalidReplyToken: 'Invalid reply token',
  failedToSend: 'Failed to send messages',
  badRetryKey: 'The value of the X-Line-Retry-Key header is invalid',
  retryKeyAccepted: 'The retry key is already accepted',
  monthlyLimit: 'You have reached your monthly limit.',
  notFound: 'Not found',
  badJson: 'The request body could not be parsed as JSON',
} as const;
