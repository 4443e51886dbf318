import { HttpStatus } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { problemException } from '../../common/problem/api-problems.decorator';
import { ProblemException } from '../../common/problem/problem';
import { createValidationPipe } from '../../common/problem/validation';
import { MAX_UPLOAD_BYTES, UploadImageDto } from '../dto/upload-image.dto';
import { IMAGE_TOO_LARGE_PROBLEM } from '../image.problems';

export interface ImageUpload {
  file: Buffer;
  fields: UploadImageDto;
}

/**
 * The limits of every multipart body (registered in app.setup): generous for two text fields, small enough
 * that nobody streams megabytes of "caption".
 */
export const MULTIPART_LIMITS = {
  fileSize: MAX_UPLOAD_BYTES,
  files: 1,
  fields: 10,
  parts: 12,
  fieldSize: 8 * 1024,
  headerPairs: 100,
};

const validation = createValidationPipe();

/**
 * Reads a `multipart/form-data` upload: the `file` part into memory (at most MAX_UPLOAD_BYTES, so the
 * processor can judge it whole) and the text fields, validated like any JSON body. Field order is free.
 */
export async function readImageUpload(request: FastifyRequest): Promise<ImageUpload> {
  if (!request.isMultipart()) throw uploadRefused('Send the image as multipart/form-data.');
  let file: Buffer | undefined;
  const fields: Record<string, string> = {};
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        releaseCachedBytes(part);
        if (part.fieldname !== 'file') throw uploadRefused(`Unexpected file part "${part.fieldname}".`);
        file = bytes;
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    throw asProblem(error);
  }
  const valid = (await validation.transform(fields, {
    type: 'body',
    metatype: UploadImageDto,
  })) as UploadImageDto;
  if (!file?.length) throw uploadRefused('Attach the image as the `file` part.');
  return { file, fields: valid };
}

/**
 * @fastify/multipart keeps what toBuffer() returned on the part (`_buf`, so that a second call answers the
 * same), and the request keeps its parts until its connection serves another request or closes: a keep-alive
 * connection held each upload's 5 MB for minutes (measured, 25 MB a minute after 4 parallel uploads). The
 * bytes go on in `file`; the part need not keep them.
 */
function releaseCachedBytes(part: object): void {
  if ('_buf' in part) part._buf = null;
}

function uploadRefused(message: string): ProblemException {
  return new ProblemException(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', message, [
    { field: 'file', code: 'IS_DEFINED', message },
  ]);
}

/** The multipart parser's own errors, as the documented problems. */
function asProblem(error: unknown): ProblemException {
  if (error instanceof ProblemException) return error;
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return problemException(IMAGE_TOO_LARGE_PROBLEM, 'file');
  if (code === 'FST_FILES_LIMIT') return uploadRefused('Send one file per upload.');
  return uploadRefused('The multipart body is malformed or has too many parts.');
}
