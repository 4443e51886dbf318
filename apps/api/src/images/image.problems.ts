import { type DocumentedProblem, problemException } from '../common/problem/api-problems.decorator';
import { ProblemException } from '../common/problem/problem';
import { MAX_UPLOAD_BYTES } from './dto/upload-image.dto';

/** The gallery's documented failures; services throw them with `problemException`, controllers list them. */
export const IMAGE_NOT_FOUND_PROBLEM: DocumentedProblem = [
  404,
  'NOT_FOUND',
  'There is no such image, or it is off air and neither yours nor are you an admin.',
];
export const imageNotFound = () => problemException(IMAGE_NOT_FOUND_PROBLEM);
export const NOT_IMAGE_OWNER_PROBLEM: DocumentedProblem = [
  403,
  'FORBIDDEN',
  'Only the image’s owner or an admin may change or delete it.',
];
export const ADMIN_ONLY_FIELD_PROBLEM: DocumentedProblem = [
  403,
  'ADMIN_ONLY_FIELD',
  'Only an admin may change onAir, onHome or sequence.',
];
export const MISSING_FILE_PROBLEM: DocumentedProblem = [
  400,
  'VALIDATION_FAILED',
  'The multipart body has no `file` part, or a field is missing or invalid; `errors` lists each.',
];
export const IMAGE_TOO_LARGE_PROBLEM: DocumentedProblem = [
  413,
  'IMAGE_TOO_LARGE',
  `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`,
];
export const UNSUPPORTED_IMAGE_TYPE_PROBLEM: DocumentedProblem = [
  415,
  'UNSUPPORTED_IMAGE_TYPE',
  'The file is not a JPEG, PNG or WebP image (judged by its content, not its name or declared type).',
];
export const IMAGE_UNREADABLE_PROBLEM: DocumentedProblem = [
  422,
  'IMAGE_UNREADABLE',
  'The file starts like an image but cannot be decoded: it is truncated or damaged.',
];
export const IMAGE_TOO_MANY_PIXELS_PROBLEM: DocumentedProblem = [
  422,
  'IMAGE_TOO_MANY_PIXELS',
  'The image is larger in pixels than the server accepts (IMAGE_MAX_PIXELS).',
];
export const UPLOADS_BUSY_PROBLEM: DocumentedProblem = [
  503,
  'UPLOADS_BUSY',
  'The server is processing as many uploads as it queues; send the image again after Retry-After seconds.',
];
/** Seconds a refused upload is told to wait: about what a few queued images take to process. */
export const UPLOADS_BUSY_RETRY_SECONDS = 5;
export const uploadsBusy = () =>
  new ProblemException(UPLOADS_BUSY_PROBLEM[0], UPLOADS_BUSY_PROBLEM[1], UPLOADS_BUSY_PROBLEM[2], undefined, {
    'retry-after': String(UPLOADS_BUSY_RETRY_SECONDS),
  });
export const URL_EXPIRED_PROBLEM: DocumentedProblem = [
  403,
  'URL_EXPIRED',
  'The signed URL has expired; fetch the image’s details again for fresh URLs.',
];
export const INVALID_SIGNATURE_PROBLEM: DocumentedProblem = [
  403,
  'INVALID_SIGNATURE',
  'The URL’s signature does not match its image, variant and expiry.',
];
export const UNKNOWN_IMAGES_PROBLEM: DocumentedProblem = [
  404,
  'NOT_FOUND',
  'At least one listed id is not an image; nothing was reordered.',
];
