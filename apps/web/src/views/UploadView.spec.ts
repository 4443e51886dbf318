import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_UPLOAD_BYTES } from '../composables/images';
import { fakeApi, image, problem, restoredSession } from '../testing/fake-api';
import { fakeXhr, type XhrAnswer } from '../testing/fake-xhr';
import { mountPage } from '../testing/mount-page';
import UploadView from './UploadView.vue';

beforeEach(() => {
  localStorage.clear();
  vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:preview');
  vi.spyOn(URL, 'revokeObjectURL').mockReturnValue(undefined);
  // Every test file decodes, unless a test says otherwise.
  vi.stubGlobal('createImageBitmap', async () => ({ close: () => undefined }));
});
afterEach(() => {
  document.body.innerHTML = '';
});

/** The page, signed in, with uploads answered by `answer`. */
async function uploadPage(answer: () => XhrAnswer | 'hold' = () => ({ status: 201, body: image() })) {
  fakeApi(restoredSession());
  const xhr = fakeXhr(answer);
  vi.stubGlobal('XMLHttpRequest', function FakeXMLHttpRequest() {
    return xhr.createRequest();
  });
  const { wrapper, router } = await mountPage(UploadView, '/upload');
  return { wrapper, router, xhr };
}

async function pick(wrapper: VueWrapper, file: File) {
  const input = wrapper.get<HTMLInputElement>('#file');
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true });
  await input.trigger('change');
  await flushPromises();
}

const png = (name = 'tabby_on-the-sill.png', bytes = 1024) =>
  new File([new Uint8Array(bytes)], name, { type: 'image/png' });

describe('UploadView', () => {
  it('refuses a file that is not an image before sending anything, beside the file input', async () => {
    const { wrapper, xhr } = await uploadPage();
    await pick(wrapper, new File(['hello'], 'notes.txt', { type: 'text/plain' }));
    const input = wrapper.get('#file');
    expect(input.attributes('aria-invalid')).toBe('true');
    expect(wrapper.get('#file-error').text()).toContain('is not a JPEG, PNG or WebP image');
    expect(document.activeElement).toBe(input.element);
    expect(wrapper.find('.upload-preview').exists()).toBe(false);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('#file-error').text()).toBe('Choose an image to upload.');
    expect(xhr.sent).toHaveLength(0);
  });

  it('refuses a file over 5 MB, saying how large it is', async () => {
    const { wrapper, xhr } = await uploadPage();
    await pick(wrapper, png('huge.png', MAX_UPLOAD_BYTES + 1));
    expect(wrapper.get('#file-error').text()).toMatch(/“huge.png” is 5.0 MB; images may be at most 5 MB/);
    expect(xhr.sent).toHaveLength(0);
  });

  it('previews the file, names it after the file, and shows the progress while sending', async () => {
    const created = image({ name: 'tabby on the sill' });
    let release!: () => void;
    const { wrapper, router, xhr } = await uploadPage(() => ({
      status: 201,
      body: created,
      progress: [[512, 1024]],
    }));
    await pick(wrapper, png());
    expect(wrapper.get('.upload-preview img').attributes('src')).toBe('blob:preview');
    expect(wrapper.get<HTMLInputElement>('#upload-name').element.value).toBe('tabby on the sill');
    await wrapper.get('#upload-caption').setValue('  Dozing.  ');

    const pushed = new Promise<void>((resolve) => (release = resolve));
    router.afterEach(() => release());
    await wrapper.get('form').trigger('submit');
    await vi.waitFor(() => expect(wrapper.find('progress').exists()).toBe(true));
    expect(wrapper.get('label[for="upload-progress"]').text()).toMatch(/Uploading… \d+%/);
    await pushed;
    await flushPromises();

    const body = xhr.sent[0]!.body as FormData;
    expect(body.get('name')).toBe('tabby on the sill');
    expect(body.get('caption')).toBe('Dozing.');
    expect((body.get('file') as File).name).toBe('tabby_on-the-sill.png');
    expect(xhr.sent[0]!.headers.authorization).toBe('Bearer token-1');
    expect(router.currentRoute.value.fullPath).toBe(`/images/${created.id}`);
  });

  it('shows no broken preview of a file the browser cannot decode, and still lets the API judge it', async () => {
    const { wrapper, xhr } = await uploadPage(() => ({
      status: 415,
      body: problem(415, 'UNSUPPORTED_IMAGE_TYPE'),
    }));
    vi.stubGlobal('createImageBitmap', () => Promise.reject(new DOMException('bad', 'InvalidStateError')));
    await pick(wrapper, png('fake.png'));
    expect(wrapper.find('.upload-preview img').exists()).toBe(false);
    expect(wrapper.get('.upload-preview').text()).toContain('this browser cannot show it');
    await wrapper.get('form').trigger('submit');
    await vi.waitFor(() => expect(wrapper.find('[role="alert"]').exists()).toBe(true));
    expect(xhr.sent).toHaveLength(1);
  });

  it.each([
    [413, 'IMAGE_TOO_LARGE', 'larger than 5 MB'],
    [415, 'UNSUPPORTED_IMAGE_TYPE', 'not a JPEG, PNG or WebP image'],
    [422, 'IMAGE_UNREADABLE', 'damaged or incomplete'],
    [422, 'IMAGE_TOO_MANY_PIXELS', 'too many pixels'],
  ])('explains the API refusing with %i %s', async (status, code, words) => {
    const { wrapper } = await uploadPage(() => ({ status, body: problem(status, code) }));
    await pick(wrapper, png());
    await wrapper.get('form').trigger('submit');
    await vi.waitFor(() => expect(wrapper.find('[role="alert"]').exists()).toBe(true));
    expect(wrapper.get('[role="alert"]').text()).toContain(words);
    expect(wrapper.find('progress').exists()).toBe(false);
  });

  it('shows the field errors of VALIDATION_FAILED beside the name', async () => {
    const { wrapper } = await uploadPage(() => ({
      status: 400,
      body: problem(400, 'VALIDATION_FAILED', 'Some fields are missing or invalid.', [
        { field: 'name', code: 'MAX_LENGTH', message: 'At most 80 characters.' },
      ]),
    }));
    await pick(wrapper, png());
    await wrapper.get('form').trigger('submit');
    await vi.waitFor(() => expect(wrapper.find('#upload-name-error').exists()).toBe(true));
    expect(wrapper.get('#upload-name-error').text()).toBe('At most 80 characters.');
    expect(document.activeElement).toBe(wrapper.get('#upload-name').element);
  });
});
