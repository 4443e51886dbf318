import { defineStore } from 'pinia';
import { ref } from 'vue';

export type ToastKind = 'info' | 'success' | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

/** Long enough to read two sentences; errors stay until dismissed. */
const SHOW_FOR_MS = 8000;

/** Short messages about what just happened, announced to screen readers by ToastList. */
export const useToastStore = defineStore('toasts', () => {
  const toasts = ref<Toast[]>([]);
  let nextId = 1;

  function show(message: string, kind: ToastKind = 'info'): number {
    const id = nextId++;
    toasts.value.push({ id, kind, message });
    if (kind !== 'error') setTimeout(() => dismiss(id), SHOW_FOR_MS);
    return id;
  }

  function dismiss(id: number): void {
    toasts.value = toasts.value.filter((toast) => toast.id !== id);
  }

  /** Clears what no longer applies, e.g. "log in to see that page" once logged in. */
  function dismissAll(): void {
    toasts.value = [];
  }

  return {
    toasts,
    dismiss,
    dismissAll,
    info: (message: string) => show(message, 'info'),
    success: (message: string) => show(message, 'success'),
    error: (message: string) => show(message, 'error'),
  };
});
