import { watch } from 'vue';
import { applyLocale, currentLocale, isLocale, t, type AppLocale } from '../i18n';
import { useAuthStore } from '../stores/auth';
import { useToastStore } from '../stores/toasts';

/**
 * The language the SPA speaks: the account's once signed in, before that the guest's own choice in this
 * browser or the browser's languages (i18n/index.ts). Choosing one while signed in saves it on the account,
 * so mails and other browsers follow.
 */
export function useLanguage() {
  const auth = useAuthStore();
  const toasts = useToastStore();

  async function choose(locale: AppLocale): Promise<void> {
    applyLocale(locale);
    if (!auth.user || auth.user.locale === locale) return;
    try {
      await auth.changeLocale(locale);
    } catch {
      toasts.error(t('common.languageNotSaved'));
    }
  }

  /** Called once by the app's root: a sign-in (or a reload that restores one) brings the account's language. */
  function followAccount(): void {
    watch(
      () => auth.user?.locale,
      (locale) => {
        if (isLocale(locale) && locale !== currentLocale()) applyLocale(locale);
      },
      { immediate: true },
    );
  }

  return { choose, followAccount };
}
