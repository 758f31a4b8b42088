import { z } from 'zod';
import { notModifiedResponse, problemResponse } from '../../schemas/problem.js';

/** 204 has no body. */
export const deletedResponse = z.null().describe('Deleted: reads now answer 404; POST …/restore brings it back.');

export const readErrorResponses = {
  304: notModifiedResponse,
  400: problemResponse('The id is malformed.'),
  404: problemResponse('No such record.'),
  414: problemResponse('The id is longer than any record’s.'),
};

/** The error answers every write can give, documented once. */
export function writeResponses(withPreconditions: boolean) {
  return {
    400: problemResponse('The body or a parameter is malformed; `errors` names each field.'),
    401: problemResponse('No API key, or not a valid one (see WWW-Authenticate).'),
    403: problemResponse('The key lacks the write scope.'),
    404: problemResponse('No such record.'),
    409: problemResponse('The change conflicts with the data (e.g. the record is still referenced, or not deleted).'),
    ...(withPreconditions
      ? {
          412: problemResponse('If-Match does not name the current ETag: someone changed the record since.'),
          428: problemResponse('If-Match is missing.'),
        }
      : {}),
    413: problemResponse('The body is larger than the server accepts.'),
    414: problemResponse('The URL (an id in the path) is longer than any record’s.'),
    415: problemResponse('The body is not application/json.'),
    422: problemResponse('The data would break a rule; `errors` lists every violation.'),
    429: problemResponse('Too many requests; see Retry-After.'),
  };
}
