// The gallery's part of `npm run bench`: how long an upload takes from the first byte sent to the answer
// that carries the thumbnail's URL, for a photo just under the 5 MB limit.
import sharp from 'sharp';

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const PHOTO_SIZE = { width: 4000, height: 3000 };

/**
 * A 12-megapixel JPEG as a phone makes it (EXIF included) whose size lands just under the upload limit:
 * smooth gradients with sensor-like noise, at the highest quality that still fits.
 */
export async function makePhoto() {
  const { width, height } = PHOTO_SIZE;
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) {
    const x = (i / 3) % width;
    pixels[i] = (96 + 80 * Math.sin(x / 190 + (i % 3)) + Math.random() * 48) | 0;
  }
  for (let quality = 95; quality >= 50; quality -= 3) {
    const photo = await sharp(pixels, { raw: { width, height, channels: 3 } })
      .jpeg({ quality })
      .withMetadata({ exif: { IFD0: { Make: 'Bench', Model: 'Phone' } } })
      .toBuffer();
    if (photo.length <= MAX_UPLOAD_BYTES) return photo;
  }
  throw new Error('could not make a photo under the upload limit');
}

/** Uploads the photo `count` times, `concurrency` at a time; latencies in ms, from send to 201. */
export async function timeUploads(url, accessToken, photo, { count, concurrency }) {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  async function worker() {
    while (next < count) {
      next++;
      const form = new FormData();
      form.append('file', new Blob([photo], { type: 'image/jpeg' }), 'photo.jpg');
      form.append('name', 'Bench photo');
      const sent = performance.now();
      const response = await fetch(`${url}/api/v1/images`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}` },
        body: form,
      });
      const image = await response.json();
      if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${image.code}`);
      latencies.push(performance.now() - sent);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedSeconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (share) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))]);
  return {
    uploads: count,
    concurrency,
    photoBytes: photo.length,
    uploadsPerSecond: Number((count / elapsedSeconds).toFixed(2)),
    latencyP50Ms: at(0.5),
    latencyMaxMs: Math.round(latencies[latencies.length - 1]),
  };
}

/** Uploads `count` small photos, so that GET /images answers a full page (24 items) with signed URLs. */
export async function seedGallery(url, accessToken, count) {
  const photo = await sharp({
    create: { width: 640, height: 480, channels: 3, background: { r: 120, g: 90, b: 60 } },
  })
    .jpeg()
    .toBuffer();
  for (let i = 0; i < count; i++) await timeUploads(url, accessToken, photo, { count: 1, concurrency: 1 });
}

/**
 * The uploads run: `parallel` runs (the first one parallel) with the server's resident memory sampled while
 * it lasts (its highest sample is "RSS during"), then `settleSeconds` idle and "RSS after", then the rest.
 */
export async function uploadsWithRss(server, accessToken, photo, [parallel, ...rest], settleSeconds) {
  const describe = (run) => `${run.count} photos of ${photo.length} bytes, ${run.concurrency} at a time`;
  console.log(`POST /images: ${describe(parallel)}, sampling RSS`);
  let rssDuringMiB = server.rssMiB();
  const sampler = setInterval(() => (rssDuringMiB = Math.max(rssDuringMiB, server.rssMiB())), 100);
  const uploads = [];
  try {
    uploads.push(await timeUploads(server.url, accessToken, photo, parallel));
  } finally {
    clearInterval(sampler);
  }
  Object.assign(uploads[0], { serverRssDuringMiB: rssDuringMiB, serverPeakRssMiB: server.peakRssMiB() });
  console.log(`POST /images: ${settleSeconds} s idle, then RSS`);
  await new Promise((resolve) => setTimeout(resolve, settleSeconds * 1000));
  uploads[0].serverRssAfterIdleMiB = server.rssMiB();
  for (const run of rest) {
    console.log(`POST /images: ${describe(run)}`);
    uploads.push({
      ...(await timeUploads(server.url, accessToken, photo, run)),
      serverPeakRssMiB: server.peakRssMiB(),
    });
  }
  return uploads;
}
