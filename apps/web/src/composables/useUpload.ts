import { onBeforeUnmount, ref, type Ref } from 'vue';
import { ApiError } from '../api/problems';
import { uploadImage } from '../api/upload';
import { t } from '../i18n';
import { useAuthStore } from '../stores/auth';
import { CAPTION_MAX, fileProblem, friendlyImageError, NAME_MAX, nameFromFile, type Image } from './images';
import { useForm } from './useForm';

export const UPLOAD_URL = `${import.meta.env.VITE_API_ORIGIN ?? ''}/api/v1/images`;
/** The form's fields, named as the API names them in `errors[].field`. */
const FIELDS = ['file', 'name', 'caption'];

/**
 * The upload form: the chosen file (checked here for type and size before anything is sent) with its
 * preview, name and caption, and the upload itself with its progress. Problems, ours and the API's, show
 * beside their fields through useForm, which moves focus to the first.
 */
export function useUpload(
  options: { root?: Ref<HTMLElement | null>; createRequest?: () => XMLHttpRequest } = {},
) {
  const auth = useAuthStore();
  const file = ref<File | null>(null);
  const previewUrl = ref('');
  /** The browser could not decode the chosen file: no preview, and a word that it may not be an image. */
  const previewFailed = ref(false);
  const name = ref('');
  const caption = ref('');
  /** 0 to 1 while the form is on its way, null otherwise. */
  const progress = ref<number | null>(null);
  const form = useForm({ fields: FIELDS, root: options.root });
  let prefilled = '';
  let controller: AbortController | undefined;

  function releasePreview(): void {
    if (previewUrl.value) URL.revokeObjectURL(previewUrl.value);
    previewUrl.value = '';
  }

  /** Takes the file from the input or a drop; refuses (and says why) what the API would refuse. */
  async function choose(chosen: File | null | undefined): Promise<boolean> {
    releasePreview();
    file.value = null;
    previewFailed.value = false;
    if (!chosen) return false;
    const problem = fileProblem(chosen);
    if (problem) {
      await form.submit(() => Promise.reject(invalid({ file: problem })));
      return false;
    }
    form.clearErrors();
    file.value = chosen;
    // Decoded first, so a file that only claims to be an image never becomes a broken <img>.
    if (await decodable(chosen)) previewUrl.value = URL.createObjectURL(chosen);
    else previewFailed.value = true;
    // A name typed by hand stays; one we filled in from the previous file follows the new one.
    if (!name.value.trim() || name.value === prefilled) name.value = prefilled = nameFromFile(chosen.name);
    return true;
  }

  /** Resolves with the new image, or null when the form shows why it was not uploaded. */
  async function upload(): Promise<Image | null> {
    let created: Image | null = null;
    await form.submit(async () => {
      const problems = checks();
      if (Object.keys(problems).length) throw invalid(problems);
      const body = new FormData();
      body.append('name', name.value.trim());
      body.append('caption', caption.value.trim());
      body.append('file', file.value!);
      controller = new AbortController();
      try {
        created = await uploadImage(UPLOAD_URL, body, {
          tokens: { accessToken: () => auth.accessToken, refreshAccessToken: auth.refreshAccessToken },
          onProgress: (fraction) => (progress.value = fraction),
          signal: controller.signal,
          createRequest: options.createRequest,
        });
      } catch (failure) {
        throw friendlyImageError(failure);
      } finally {
        progress.value = null;
        controller = undefined;
      }
    });
    return created;
  }

  function cancel(): void {
    controller?.abort();
  }

  function checks(): Record<string, string> {
    const problems: Record<string, string> = {};
    if (!file.value) problems.file = t('images.upload.chooseImage');
    const trimmed = name.value.trim();
    if (!trimmed) problems.name = t('images.upload.nameNeeded');
    else if (trimmed.length > NAME_MAX) problems.name = t('images.upload.tooLong', { max: NAME_MAX });
    if (caption.value.trim().length > CAPTION_MAX)
      problems.caption = t('images.upload.tooLong', { max: CAPTION_MAX });
    return problems;
  }

  onBeforeUnmount(() => {
    cancel();
    releasePreview();
  });

  return { file, previewUrl, previewFailed, name, caption, progress, ...form, choose, upload, cancel };
}

/** Our own checks, shaped like the API's VALIDATION_FAILED so they show the same way. */
function invalid(problems: Record<string, string>): ApiError {
  const errors = Object.entries(problems).map(([field, message]) => ({ field, code: 'INVALID', message }));
  return new ApiError(400, 'VALIDATION_FAILED', t('images.upload.checkFields'), errors);
}

/** Whether this browser can decode the file as an image; true where it cannot tell. */
async function decodable(file: File): Promise<boolean> {
  if (typeof createImageBitmap !== 'function') return true;
  try {
    (await createImageBitmap(file)).close();
    return true;
  } catch {
    return false;
  }
}
