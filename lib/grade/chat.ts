export const CHAT_CHECKS = {};
