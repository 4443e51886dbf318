import { config } from '@vue/test-utils';
import { beforeEach } from 'vitest';
import { i18n } from '../i18n';

// Every mounted component gets the app's translations, and each test starts in English (the specs assert
// English text) whatever the previous one switched to.
config.global.plugins.push(i18n);

beforeEach(() => {
  i18n.global.locale.value = 'en';
  document.documentElement.lang = 'en';
});
