export * from './api-instance';
export * from './fixtures';
export * from './flows';
export * from './forge-token';
export * from './http-client';
export * from './lifecycle';
export * from './smtp-sink';
export * from './wait';
