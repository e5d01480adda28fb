export const ECHO_CHECKS = {};
