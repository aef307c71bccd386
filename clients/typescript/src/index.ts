/**
 * The Otesse Customers API from TypeScript: the types `openapi-typescript` generates from the
 * document (schema.d.ts, never edited by hand: `make sdk`), called through `openapi-fetch`,
 * with what a hand-written SDK would add: the key on every request, an `Idempotency-Key` on
 * every POST, an `OtesseError` (one subclass per kind of status) thrown for every error
 * answer, and `paginate` over every list.
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";

import type { components, operations, paths } from "./schema.js";

export type { components, operations, paths };
export type Schemas = components["schemas"];
export type Pagination = Schemas["Pagination"];

type ErrorDetail = Schemas["ErrorDetail"];

/** An answer of the API outside 2xx, in its one error shape. */
export class OtesseError extends Error {
  readonly status: number;
  readonly type: string;
  readonly code: string;
  readonly param: string | null;
  readonly requestId: string | null;
  readonly headers: Headers;

  constructor(status: number, detail: ErrorDetail, headers: Headers) {
    super(`${status} ${detail.code}: ${detail.message}`);
    this.name = new.target.name;
    this.status = status;
    this.type = detail.type;
    this.code = detail.code;
    this.param = detail.param ?? null;
    this.requestId = detail.request_id ?? headers.get("Request-Id");
    this.headers = headers;
  }
}
/** 400, 405, 413, 415: the request itself is wrong. */
export class InvalidRequestError extends OtesseError {}
/** 401: no key, or a malformed, unknown or revoked one. */
export class AuthenticationError extends OtesseError {}
/** 404: no such resource for this account and mode. */
export class NotFoundError extends OtesseError {}
/** 409: the resource's state forbids it, or an Idempotency-Key was reused. */
export class ConflictError extends OtesseError {}
/** 412: If-Match names a tag the customer no longer has. */
export class PreconditionFailedError extends ConflictError {}
/** 429: slow down for `Retry-After` seconds. */
export class RateLimitError extends OtesseError {}
/** 5xx: the service failed or is unavailable; safe to retry with the same key. */
export class APIError extends OtesseError {}

const BY_STATUS: Record<number, typeof OtesseError> = {
  401: AuthenticationError,
  404: NotFoundError,
  409: ConflictError,
  412: PreconditionFailedError,
  429: RateLimitError,
};

export async function errorFrom(response: Response): Promise<OtesseError> {
  const kind = BY_STATUS[response.status] ?? (response.status >= 500 ? APIError : InvalidRequestError);
  let detail: ErrorDetail;
  try {
    detail = ((await response.clone().json()) as Schemas["ErrorResponse"]).error;
  } catch {
    detail = {
      type: "api_error",
      code: "unexpected_response",
      message: (await response.text()).slice(0, 200),
      param: null,
      request_id: null,
    };
  }
  return new kind(response.status, detail, response.headers);
}

const idempotentPosts: Middleware = {
  onRequest({ request }) {
    // One key per request unless the caller passed its own (to retry a request it sent).
    if (request.method === "POST" && !request.headers.has("Idempotency-Key")) {
      request.headers.set("Idempotency-Key", `sdk-${crypto.randomUUID()}`);
    }
    return request;
  },
};

const errorsThrown: Middleware = {
  async onResponse({ response }) {
    if (!response.ok) {
      throw await errorFrom(response);
    }
    return response;
  },
};

export interface OtesseOptions {
  apiKey: string;
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
}

export type OtesseClient = Client<paths>;

/** An `openapi-fetch` client of the API: `otesse.GET("/v1/customers/{customer_id}", ...)`. */
export function createOtesse(options: OtesseOptions): OtesseClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? "http://127.0.0.1:8000",
    headers: { Authorization: `Bearer ${options.apiKey}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use(idempotentPosts, errorsThrown);
  return client;
}

/** The data of a call that succeeded (errors are thrown, so it is always there). */
export function dataOf<T>(result: { data?: T; response: Response }): T {
  if (result.data === undefined) {
    throw new Error(`no data in the ${result.response.status} answer`);
  }
  return result.data;
}

/** Every item of a list: `fetchPage(page)` is one call of a list operation. */
export async function* paginate<Item>(
  fetchPage: (page: number) => Promise<{ data?: { data: Item[]; pagination: Pagination }; response: Response }>,
): AsyncGenerator<Item, void, undefined> {
  for (let page = 1; ; page += 1) {
    const answer = dataOf(await fetchPage(page));
    yield* answer.data;
    if (page >= answer.pagination.total_pages) {
      return;
    }
  }
}
