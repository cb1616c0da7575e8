// What the rich menu says under each button, read at a glance on a phone: a few words each.
// The button labels themselves are the conversation's commands (commonCopy.buttons), so a tap is a command.

export const richMenuCopy = {
  chatBarText: '選單',
  hints: {
    upload: '每兩個月回報一次',
    status: '查看回報進度',
    settings: '密碼、店名、類別',
    help: '我能幫你做什麼',
  },
} as const;
