import sharp from 'sharp';
import { testConfig } from '../testing/test-config';
import {
  ImageProcessor,
  MAX_IMAGE_SIDE,
  PROCESSING_QUEUE_LENGTH,
  PROCESSING_SLOTS,
  THUMBNAIL_SIDE,
} from './image-processor';

const processor = new ImageProcessor(testConfig({ IMAGE_MAX_PIXELS: '30000000' }));

function canvas(width: number, height: number) {
  return sharp({ create: { width, height, channels: 3, background: { r: 30, g: 140, b: 90 } } });
}

describe('ImageProcessor', () => {
  it.each([
    ['JPEG', 'image/jpeg', () => canvas(40, 30).jpeg()],
    ['PNG', 'image/png', () => canvas(40, 30).png()],
    ['WebP', 'image/webp', () => canvas(40, 30).webp()],
  ])('keeps a %s a %s and makes a WebP thumbnail', async (_format, contentType, make) => {
    const result = await processor.process(await make().toBuffer());

    expect(result.contentType).toBe(contentType);
    expect((await sharp(result.full.bytes).metadata()).format).toBe(contentType.slice(6));
    expect((await sharp(result.thumbnail.bytes).metadata()).format).toBe('webp');
    expect([result.full.width, result.full.height]).toEqual([40, 30]);
  });

  it('scales a large image down to the maximum side and fits the thumbnail in its square', async () => {
    const result = await processor.process(await canvas(4000, 1000).jpeg().toBuffer());

    expect([result.full.width, result.full.height]).toEqual([MAX_IMAGE_SIDE, 640]);
    expect([result.thumbnail.width, result.thumbnail.height]).toEqual([THUMBNAIL_SIDE, 120]);
    expect(await sharp(result.thumbnail.bytes).metadata()).toMatchObject({ width: 480, height: 120 });
  });

  it('strips the metadata and turns the image upright by its EXIF orientation', async () => {
    const upload = await canvas(60, 20)
      .jpeg()
      .withMetadata({ orientation: 6, exif: { IFD0: { Copyright: 'Someone', Artist: 'Camera owner' } } })
      .toBuffer();

    const result = await processor.process(upload);

    const stored = await sharp(result.full.bytes).metadata();
    expect([stored.width, stored.height]).toEqual([20, 60]);
    expect(stored.exif).toBeUndefined();
    expect(stored.orientation).toBeUndefined();
  });

  it('refuses what is no image with 415, whatever it is called', async () => {
    await expect(processor.process(Buffer.from('just some text, named cat.png'))).rejects.toMatchObject({
      code: 'UNSUPPORTED_IMAGE_TYPE',
      status: 415,
    });
    const gif = await canvas(10, 10).gif().toBuffer();
    await expect(processor.process(gif)).rejects.toMatchObject({ code: 'UNSUPPORTED_IMAGE_TYPE' });
  });

  it('refuses a truncated image with 422 IMAGE_UNREADABLE', async () => {
    const photo = await sharp({
      create: {
        width: 300,
        height: 200,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .jpeg()
      .toBuffer();

    await expect(processor.process(photo.subarray(0, photo.length / 2))).rejects.toMatchObject({
      code: 'IMAGE_UNREADABLE',
      status: 422,
    });
  });

  it('refuses more pixels than IMAGE_MAX_PIXELS with 422 before decoding', async () => {
    const huge = await canvas(6000, 6000).png({ compressionLevel: 9 }).toBuffer();

    await expect(processor.process(huge)).rejects.toMatchObject({
      code: 'IMAGE_TOO_MANY_PIXELS',
      status: 422,
    });
  });

  it('processes as many images as it has slots and queue, and refuses the next with 503 UPLOADS_BUSY', async () => {
    const fresh = new ImageProcessor(testConfig()); // its own queue, empty whatever other tests left running
    const upload = await canvas(40, 30).jpeg().toBuffer();
    const capacity = PROCESSING_SLOTS + PROCESSING_QUEUE_LENGTH;

    const results = await Promise.allSettled(
      Array.from({ length: capacity + 1 }, () => fresh.process(upload)),
    );

    expect(results.filter(({ status }) => status === 'fulfilled')).toHaveLength(capacity);
    expect(results[capacity]).toMatchObject({
      status: 'rejected',
      reason: { code: 'UPLOADS_BUSY', status: 503, headers: { 'retry-after': expect.any(String) } },
    });
    await expect(fresh.process(upload)).resolves.toMatchObject({ contentType: 'image/jpeg' });
  });
});
