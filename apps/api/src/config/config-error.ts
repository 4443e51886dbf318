/** Thrown at start when an environment variable is missing or malformed; the message names the variable. */
export class ConfigError extends Error {}
