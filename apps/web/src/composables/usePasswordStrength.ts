import { ref, watch, type Ref } from 'vue';
import { passwordScore } from './password-tools';

/**
 * The strength of `password` as zxcvbn-ts estimates it (null while empty or still loading). Answers that
 * arrive out of order (the estimator loads once, slowly) never overwrite a newer one.
 */
export function usePasswordStrength(password: Ref<string>, userInputs: () => string[]) {
  const score = ref<number | null>(null);
  let latest = 0;

  watch(
    [password, userInputs],
    async ([value, inputs]) => {
      const asked = ++latest;
      if (!value) {
        score.value = null;
        return;
      }
      const result = await passwordScore(value, inputs.filter(Boolean));
      if (asked === latest) score.value = result;
    },
    { immediate: true },
  );

  return { score };
}
