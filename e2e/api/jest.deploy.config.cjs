/**
 * The deploy test (src/deploy, DESIGN §14): docker-compose.yml's wiring without Docker. Its own config, as
 * it needs PostgreSQL, Redis, Debian's nginx and both builds (apps/api and apps/web): `npm test` runs it in
 * the PostgreSQL run only. By hand: DATABASE_URL=… REDIS_URL=… npx jest -c e2e/api/jest.deploy.config.cjs
 */
const e2e = require('./jest.config.js');

module.exports = {
  ...e2e,
  displayName: 'deploy',
  testMatch: ['**/*.deploy.ts'],
  testTimeout: 120_000,
};
