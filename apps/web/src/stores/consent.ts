import { defineStore } from 'pinia';
import { computed, ref } from 'vue';

/** "essential": only what the service needs (the sign-in cookie); "all": optional cookies too. */
export type ConsentChoice = 'essential' | 'all';

const STORAGE_KEY = 'latchkey.cookie-consent';

function storedChoice(): ConsentChoice | null {
  const value = localStorage.getItem(STORAGE_KEY);
  return value === 'essential' || value === 'all' ? value : null;
}

/** The visitor's cookie choice, remembered in this browser; the banner shows until there is one. */
export const useConsentStore = defineStore('consent', () => {
  const choice = ref<ConsentChoice | null>(storedChoice());
  const reopened = ref(false);

  const bannerVisible = computed(() => choice.value === null || reopened.value);
  const optionalCookiesAllowed = computed(() => choice.value === 'all');

  function choose(value: ConsentChoice): void {
    choice.value = value;
    reopened.value = false;
    localStorage.setItem(STORAGE_KEY, value);
  }

  /** From the footer: shows the banner again to change the choice. */
  function reopen(): void {
    reopened.value = true;
  }

  return { choice, bannerVisible, optionalCookiesAllowed, choose, reopen };
});
