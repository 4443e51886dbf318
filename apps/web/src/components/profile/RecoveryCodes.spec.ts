import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import RecoveryCodes from './RecoveryCodes.vue';

const CODES = ['7kq2-m9xd-3fpa-tz0c', 'h4n8-2wbe-q6ry-v1sm'];

afterEach(() => {
  document.body.innerHTML = '';
});

function mounted() {
  return mount(RecoveryCodes, { props: { codes: CODES }, attachTo: document.body });
}

const button = (wrapper: ReturnType<typeof mounted>, name: string) =>
  wrapper.findAll('button').find((found) => found.text() === name)!;

describe('RecoveryCodes', () => {
  it('copies every code with a word on what they are, and says so in the live region', async () => {
    const writeText = vi.fn(async (_text: string) => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const wrapper = mounted();
    expect(document.activeElement).toBe(wrapper.get('h3').element);

    await button(wrapper, 'Copy').trigger('click');
    await vi.waitFor(() => expect(wrapper.get('[role="status"]').text()).toBe('Copied the codes.'));
    const copied = writeText.mock.calls[0]![0];
    expect(copied.split('\n')).toEqual(expect.arrayContaining(['Latchkey recovery codes', ...CODES]));
  });

  it('says what to do when the browser will not copy', async () => {
    vi.stubGlobal('navigator', {
      ...navigator,
      clipboard: { writeText: () => Promise.reject(new Error('no')) },
    });
    const wrapper = mounted();
    await button(wrapper, 'Copy').trigger('click');
    await vi.waitFor(() => expect(wrapper.get('[role="status"]').text()).toContain('download them'));
  });

  it('downloads them as a .txt file made here', async () => {
    let saved: Blob | undefined;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      saved = blob as Blob;
      return 'blob:codes';
    });
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    const wrapper = mounted();

    await button(wrapper, 'Download (.txt)').trigger('click');

    expect(clicked.map((link) => [link.download, link.href])).toEqual([
      ['latchkey-recovery-codes.txt', 'blob:codes'],
    ]);
    expect(saved?.type).toBe('text/plain');
    expect((await saved!.text()).split('\n')).toEqual(expect.arrayContaining(CODES));
    expect(revoke).toHaveBeenCalledWith('blob:codes');
    expect(wrapper.get('[role="status"]').text()).toBe('Downloaded the codes.');
  });

  it('prints, and tells when the person has saved them', async () => {
    const print = vi.fn();
    vi.stubGlobal('print', print);
    const wrapper = mounted();
    await button(wrapper, 'Print').trigger('click');
    expect(print).toHaveBeenCalledOnce();
    await button(wrapper, 'I saved them').trigger('click');
    expect(wrapper.emitted('done')).toHaveLength(1);
  });
});
